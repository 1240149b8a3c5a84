/**
 * Lua scripts of the calendar's read model (calendar-index.ts), each run atomically by Redis,
 * so concurrent writers of one publication cannot lose or duplicate its entry. Bucket keys
 * are derived inside the scripts from the entry (one Redis, not a cluster).
 *
 * Layout under `<prefix>` (ARGV[1]): `members` hash, publication id → its entry JSON; and one
 * string per hub-local day and view, `day:<YYYY-MM-DD>` (all), `…:c:<channelId>`,
 * `…:k:<campaignId>`, `…:e:<enterpriseId>`, holding the day's entries each followed by a
 * comma, so that a month is a few strings joined, without touching any entry.
 */
const buckets = `local function buckets(prefix, json)
  local e = cjson.decode(json)
  local day = prefix .. 'day:' .. string.sub(e['local'], 1, 10)
  local list = {day, day .. ':c:' .. e.channelId, day .. ':k:' .. e.campaignId}
  for _, id in ipairs(e.enterpriseIds) do list[#list + 1] = day .. ':e:' .. id end
  return list, e
end
local function drop(key, item)
  local s = redis.call('GET', key)
  if not s then return end
  local i, j = string.find(s, item, 1, true)
  if not i then return end
  local rest = string.sub(s, 1, i - 1) .. string.sub(s, j + 1)
  if rest == '' then redis.call('DEL', key) else redis.call('SET', key, rest) end
end
`;

/**
 * ARGV: prefix, id, entry JSON, its v, force ('1' or '0'). Replaces the stored entry unless
 * that one is newer by v; `force` replaces it anyway (a writer that read MongoDB just now).
 */
export const UPSERT = `${buckets}
local prefix, id, json = ARGV[1], ARGV[2], ARGV[3]
local cur = redis.call('HGET', prefix .. 'members', id)
if cur then
  local keys, old = buckets(prefix, cur)
  if ARGV[5] ~= '1' and tonumber(old.v) > tonumber(ARGV[4]) then return 0 end
  for _, k in ipairs(keys) do drop(k, cur .. ',') end
end
for _, k in ipairs((buckets(prefix, json))) do redis.call('APPEND', k, json .. ',') end
redis.call('HSET', prefix .. 'members', id, json)
return 1`;

/**
 * ARGV: prefix, id, before (ms; 0 = always). Removes the entry, unless it was written at or
 * after `before`: a rebuild does not drop a publication created while it read the collection.
 */
export const REMOVE = `${buckets}
local prefix, id = ARGV[1], ARGV[2]
local cur = redis.call('HGET', prefix .. 'members', id)
if not cur then return 0 end
local keys, old = buckets(prefix, cur)
if tonumber(ARGV[3]) > 0 and tonumber(old.v) >= tonumber(ARGV[3]) then return 0 end
for _, k in ipairs(keys) do drop(k, cur .. ',') end
redis.call('HDEL', prefix .. 'members', id)
return 1`;
