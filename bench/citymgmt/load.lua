-- wrk script of bench/bench_citymgmt.py (see there and docs/performance.md).
--
--   wrk ... -s bench/citymgmt/load.lua URL -- floor <label>
--   wrk ... -s bench/citymgmt/load.lua URL -- score <label> <tokens file> <answers file>
--                                                   <retry every> <retry back> <exit lag>
--                                                   <plates from>
--   (gate: the same arguments after "gate")
--
-- floor: POST /bench/floor (the anchor: one ORM INSERT behind the same gunicorn).
-- score: POST /api/citymgmt/scores as a scoring device sends it: the next device's Bearer
--        token (round robin), a distinct voter "<label>-<thread>-<n>" (the resident id the
--        device read) and the same as Idempotency-Key, marks 1–5 on the four criteria.
-- gate:  POST /api/citymgmt/parking/events as a gate sends it: the next gate's Bearer
--        token, event id "<label>-<thread>-<n>", at = now; the even requests enter a new
--        plate (苏B + five letters or digits numbering it from <plates from>), the odd ones
--        let out the plate that entered <exit lag> entries before (long done, so never a
--        race with its entry).
-- Every <retry every>-th request re-sends the request made <retry back> requests before,
-- byte for byte (a retry: the same key or event id, stored once).
-- Answers are counted by bench/http_load.lua (tally "retries": the re-sent requests); each
-- 2xx answer's score id (score) or event id (gate) is written to the answers file when
-- wrk is done.

dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "../http_load.lua")

local mode, label, every, back, lag, plates_from
local tokens = {}
local sent, fresh = 0, 0 -- requests made, and of them those not re-sent
local history = {}
local floor
local MARKS = { "sanitation", "traffic_order", "facilities", "shop_signs" }
local SERIAL = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ" -- no I, no O (33 signs)
answered = {}
out = ""

function init(args)
  mode, label = args[1], args[2] or "run"
  tally.retries = 0
  if mode == "floor" then
    floor = floor_request()
    return
  end
  local file = assert(io.open(args[3], "r"))
  for token in string.gmatch(file:read("*l"), "%S+") do
    table.insert(tokens, "Bearer " .. token)
  end
  file:close()
  out = args[4]
  every, back, lag = tonumber(args[5]), tonumber(args[6]), tonumber(args[7])
  plates_from = tonumber(args[8] or "0")
end

-- the n-th plate of this thread: 苏B (in JSON escapes) and five signs numbering it
local function plate(n)
  local signs = ""
  local rest = plates_from + 1000000 * tid + n -- runs and threads number their plates apart
  for _ = 1, 5 do
    local i = rest % 33
    signs = string.sub(SERIAL, i + 1, i + 1) .. signs
    rest = (rest - i) / 33
  end
  return "\\u82cfB" .. signs
end

local function score_body(n)
  local marks = {}
  for i, code in ipairs(MARKS) do
    table.insert(marks, string.format('"%s":%d', code, (n + i) % 5 + 1))
  end
  return string.format(
    '{"marks":{%s},"voter":"%s-%d-%d"}', table.concat(marks, ","), label, tid, n
  )
end

local function gate_body(n)
  local entry = n % 2 == 0
  local k = math.floor(n / 2)
  if not entry then
    k = k - lag
    if k < 1 then -- plate 0 never entered (the first request is the 1st)
      entry, k = true, math.floor(n / 2) + 1000000 -- nothing to let out yet: another entry
    end
  end
  return string.format(
    '{"event_id":"%s-%d-%d","kind":"%s","plate":"%s","at":"%s"}',
    label, tid, n, entry and "entry" or "exit", plate(k), os.date("!%Y-%m-%dT%H:%M:%SZ")
  )
end

function request()
  if mode == "floor" then
    return floor
  end
  sent = sent + 1
  if sent > back and sent % every == 0 then
    tally.retries = tally.retries + 1
    return history[sent - back]
  end
  fresh = fresh + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = tokens[fresh % #tokens + 1],
  }
  local req
  if mode == "score" then
    headers["Idempotency-Key"] = string.format("%s-%d-%d", label, tid, fresh)
    req = wrk.format("POST", "/api/citymgmt/scores", headers, score_body(fresh))
  else
    req = wrk.format("POST", "/api/citymgmt/parking/events", headers, gate_body(fresh))
  end
  history[sent] = req
  history[sent - back - 1] = nil
  return req
end

function response(status, headers, body)
  count_answer(status, body)
  if status >= 200 and status <= 299 then
    if mode == "score" then
      answered[#answered + 1] = string.match(body, '"id":%s*(%d+)') or "?"
    elseif mode == "gate" then
      answered[#answered + 1] = string.match(body, '"event_id":%s*"([^"]*)"') or "?"
    end
  end
end

function after_done(threads)
  for _, thread in ipairs(threads) do
    local path = thread:get("out")
    if path and path ~= "" then
      local file = assert(io.open(path .. "." .. thread:get("tid"), "w"))
      for _, line in ipairs(thread:get("answered") or {}) do
        file:write(line, "\n")
      end
      file:close()
    end
  end
end
