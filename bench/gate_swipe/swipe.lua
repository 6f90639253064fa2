-- wrk script of bench/bench_gate_swipe.py (see there and docs/performance.md).
--
--   wrk ... -s bench/gate_swipe/swipe.lua URL -- floor <label>
--   wrk ... -s bench/gate_swipe/swipe.lua URL -- swipe <label> <data file> <answers file>
--                                                      <retry every> <retry back>
--
-- floor: POST /bench/floor (the anchor: one ORM INSERT behind the same gunicorn).
-- swipe: POST /api/gate/swipes as a gate sends it: the next gate's Bearer token (round
--        robin), swipe id "<label>-<thread>-<n>" (unique, so the checks know every id
--        sent), the next card's transit number (round robin over the honorees), at = now.
--        Every <retry every>-th request re-sends the request made <retry back> requests
--        before, byte for byte (a gate retrying: the same swipe id, counted once).
--        The data file: the gates' tokens on line 1, the transit numbers on line 2.
-- Answers are counted by bench/http_load.lua (tally "retries": the re-sent requests); each
-- 2xx answer's swipe id and verdict ("<id> 1" allowed, "<id> 0" denied) are written to the
-- answers file when wrk is done.

dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "../http_load.lua")

local mode, label, every, back
local tokens, cards = {}, {}
local sent = 0
local history = {}
local floor
answered = {}
out = ""

local function words(line)
  local found = {}
  for word in string.gmatch(line, "%S+") do
    table.insert(found, word)
  end
  return found
end

function init(args)
  mode, label = args[1], args[2] or "run"
  tally.retries = 0
  if mode == "floor" then
    floor = floor_request()
    return
  end
  local file = assert(io.open(args[3], "r"))
  for _, token in ipairs(words(file:read("*l"))) do
    table.insert(tokens, "Bearer " .. token)
  end
  cards = words(file:read("*l"))
  file:close()
  out = args[4]
  every, back = tonumber(args[5]), tonumber(args[6])
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
  local body = string.format(
    '{"swipe_id":"%s-%d-%d","card_number":"%s","at":"%s"}',
    label, tid, sent, cards[sent % #cards + 1], os.date("!%Y-%m-%dT%H:%M:%SZ")
  )
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = tokens[sent % #tokens + 1],
  }
  local req = wrk.format("POST", "/api/gate/swipes", headers, body)
  history[sent] = req
  history[sent - back - 1] = nil
  return req
end

function response(status, headers, body)
  count_answer(status, body)
  if mode == "swipe" and status >= 200 and status <= 299 then
    local id = string.match(body, '"swipe_id":%s*"([^"]*)"') or "?"
    local allowed = string.find(body, '"allowed":%s*true') and "1" or "0"
    answered[#answered + 1] = id .. " " .. allowed
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
