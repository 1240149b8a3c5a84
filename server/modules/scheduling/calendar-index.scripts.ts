/**
 * Lua scripts of the calendar's read model (calendar-index.ts), each run atomically by Redis,
 * so concurrent writers of one publication cannot lose or duplicate its entry. Bucket keys
 * are derived inside the scripts from the entry (one Redis, not a cluster).
 *
 * Layout under `<prefix>` (ARGV[1]): `members` hash, publication id → its entry JSON; and per
 * hub-local day and view (`<YYYY-MM-DD>` for all, `…:c:<channelId>`, `…:k:<campaignId>`,
 * `…:e:<enterpriseId>`): `day:<view>`, a hash publication id → its entry JSON, which a write
 * touches only at its own field (O(1) in the size of the day); `json:<view>`, the day's entries
 * joined by commas as last read, kept a while (CACHE_MS) so that reading an unchanged month is
 * one MGET-like pass over thirty strings; and `fill:<view>`, the token of the read allowed to
 * store that text. A write deletes both of each view it touches, so no text older than a
 * write is ever stored or read.
 */
const views = `local function views(json)
  local e = cjson.decode(json)
  local day = string.sub(e['local'], 1, 10)
  local list = {day, day .. ':c:' .. e.channelId, day .. ':k:' .. e.campaignId}
  for _, id in ipairs(e.enterpriseIds) do list[#list + 1] = day .. ':e:' .. id end
  return list, e
end
local function forget(prefix, view)
  redis.call('DEL', prefix .. 'json:' .. view, prefix .. 'fill:' .. view)
end
`;

/** Replaces the entry `cur` (JSON or false) of `id` by `json`, in every view of either. */
const put = `local function put(prefix, id, json, list, cur)
  if cur then
    local was = views(cur)
    local kept = {}
    for _, v in ipairs(list) do kept[v] = true end
    for _, v in ipairs(was) do
      if not kept[v] then
        redis.call('HDEL', prefix .. 'day:' .. v, id)
        forget(prefix, v)
      end
    end
  end
  for _, v in ipairs(list) do
    redis.call('HSET', prefix .. 'day:' .. v, id, json)
    forget(prefix, v)
  end
  redis.call('HSET', prefix .. 'members', id, json)
end
`;

/**
 * ARGV: prefix, id, entry JSON, its v, force ('1' or '0'). Replaces the stored entry unless
 * that one is newer by v; `force` replaces it anyway (a writer that read MongoDB just now).
 * Returns 1 when written, 0 when a newer entry was kept.
 */
export const UPSERT = `${views}${put}
local prefix, id, json = ARGV[1], ARGV[2], ARGV[3]
local list = views(json)
local cur = redis.call('HGET', prefix .. 'members', id)
if cur then
  local _, old = views(cur)
  if ARGV[5] ~= '1' and tonumber(old.v) > tonumber(ARGV[4]) then return 0 end
end
put(prefix, id, json, list, cur)
return 1`;

/**
 * A writer's own transition, as its findOneAndUpdate returned it. ARGV: prefix, id, entry
 * JSON, then the pairs `from>to` of FORWARD_IN_FENCE. Decides by MongoDB's own order, never
 * by clocks: a later fence is newer (fences only grow); in one fence, a status reached from
 * the stored one by a forward step is newer, and the stored one reached from it is older.
 * Returns 1 when written, 2 when the stored entry is the newer one (kept), 0 when this cannot
 * tell (no stored entry, the same status, or no forward step either way): nothing is written,
 * and the caller settles it by reading MongoDB.
 */
export const STEP = `${views}${put}
local prefix, id, json = ARGV[1], ARGV[2], ARGV[3]
local forward = {}
for i = 4, #ARGV do forward[ARGV[i]] = true end
local cur = redis.call('HGET', prefix .. 'members', id)
if not cur then return 0 end
local list, new = views(json)
local _, old = views(cur)
local nf, of = tonumber(new.fence), tonumber(old.fence)
if nf < of then return 2 end
if nf == of then
  if forward[new.status .. '>' .. old.status] then return 2 end
  if not forward[old.status .. '>' .. new.status] then return 0 end
end
put(prefix, id, json, list, cur)
return 1`;

/**
 * ARGV: prefix, id, before (ms; 0 = always). Removes the entry, unless it was written at or
 * after `before`: a rebuild does not drop a publication created while it read the collection.
 * Returns 1 when removed.
 */
export const REMOVE = `${views}
local prefix, id = ARGV[1], ARGV[2]
local cur = redis.call('HGET', prefix .. 'members', id)
if not cur then return 0 end
local list, old = views(cur)
if tonumber(ARGV[3]) > 0 and tonumber(old.v) >= tonumber(ARGV[3]) then return 0 end
for _, v in ipairs(list) do
  redis.call('HDEL', prefix .. 'day:' .. v, id)
  forget(prefix, v)
end
redis.call('HDEL', prefix .. 'members', id)
return 1`;

/**
 * ARGV: prefix, view suffix ('' for all), token, token lifetime (ms), then hub-local days.
 * Returns { the `built` marker or false, then per day its stored text (a string), else its
 * entries (an array, HVALS) and then `token` may store their text (FILL) until a write }.
 */
export const READ = `
local prefix, suffix = ARGV[1], ARGV[2]
local out = {redis.call('GET', prefix .. 'built')}
for i = 5, #ARGV do
  local view = ARGV[i] .. suffix
  local text = redis.call('GET', prefix .. 'json:' .. view)
  if text then
    out[#out + 1] = text
  else
    out[#out + 1] = redis.call('HVALS', prefix .. 'day:' .. view)
    redis.call('SET', prefix .. 'fill:' .. view, ARGV[3], 'PX', ARGV[4])
  end
end
return out`;

/**
 * ARGV: prefix, token, text lifetime (ms), then pairs of view and text. Stores each text
 * whose view still holds this read's token: no write came between the read and now.
 */
export const FILL = `
local prefix, token = ARGV[1], ARGV[2]
for i = 4, #ARGV, 2 do
  local fill = prefix .. 'fill:' .. ARGV[i]
  if redis.call('GET', fill) == token then
    redis.call('SET', prefix .. 'json:' .. ARGV[i], ARGV[i + 1], 'PX', ARGV[3])
    redis.call('DEL', fill)
  end
end
return 0`;
