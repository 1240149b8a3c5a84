/**
 * Lua scripts of the calendar's read model (calendar-index.ts), each run atomically by Redis,
 * so concurrent writers of one publication cannot lose or duplicate its entry. Bucket keys
 * are derived inside the scripts from the entry (one Redis, not a cluster).
 *
 * Layout under `<prefix>` (ARGV[1]): `members` hash, publication id → its entry JSON; and one
 * hash per hub-local day and view, `day:<YYYY-MM-DD>` (all), `…:c:<channelId>`,
 * `…:k:<campaignId>`, `…:e:<enterpriseId>`, publication id → its entry JSON. A write touches
 * only its own fields (O(1) in the size of the day); a month is the values of about thirty
 * hashes joined, without parsing any entry (calendar-index.ts reads them: joining them here
 * with Lua's table.concat took several times longer than sending them).
 */
const buckets = `local function buckets(prefix, json)
  local e = cjson.decode(json)
  local day = prefix .. 'day:' .. string.sub(e['local'], 1, 10)
  local list = {day, day .. ':c:' .. e.channelId, day .. ':k:' .. e.campaignId}
  for _, id in ipairs(e.enterpriseIds) do list[#list + 1] = day .. ':e:' .. id end
  return list, e
end
`;

/**
 * ARGV: prefix, id, entry JSON, its v, force ('1' or '0'). Replaces the stored entry unless
 * that one is newer by v; `force` replaces it anyway (a writer that read MongoDB just now).
 * Returns 1 when written, 0 when a newer entry was kept.
 */
export const UPSERT = `${buckets}
local prefix, id, json = ARGV[1], ARGV[2], ARGV[3]
local members = prefix .. 'members'
local keys = buckets(prefix, json)
local cur = redis.call('HGET', members, id)
if cur then
  local was, old = buckets(prefix, cur)
  if ARGV[5] ~= '1' and tonumber(old.v) > tonumber(ARGV[4]) then return 0 end
  local kept = {}
  for _, k in ipairs(keys) do kept[k] = true end
  for _, k in ipairs(was) do
    if not kept[k] then redis.call('HDEL', k, id) end
  end
end
for _, k in ipairs(keys) do redis.call('HSET', k, id, json) end
redis.call('HSET', members, id, json)
return 1`;

/**
 * ARGV: prefix, id, before (ms; 0 = always). Removes the entry, unless it was written at or
 * after `before`: a rebuild does not drop a publication created while it read the collection.
 * Returns 1 when removed.
 */
export const REMOVE = `${buckets}
local prefix, id = ARGV[1], ARGV[2]
local cur = redis.call('HGET', prefix .. 'members', id)
if not cur then return 0 end
local keys, old = buckets(prefix, cur)
if tonumber(ARGV[3]) > 0 and tonumber(old.v) >= tonumber(ARGV[3]) then return 0 end
for _, k in ipairs(keys) do redis.call('HDEL', k, id) end
redis.call('HDEL', prefix .. 'members', id)
return 1`;
