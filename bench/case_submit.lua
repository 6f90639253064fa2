-- wrk script of bench/bench_case_submit.py (see there and docs/performance.md).
--
--   wrk ... -s bench/case_submit.lua URL -- floor  <label>
--   wrk ... -s bench/case_submit.lua URL -- submit <label> <data file> <threads> [csrf]
--
-- floor:  POST /bench/floor (the anchor: one ORM INSERT behind the same gunicorn).
-- submit: POST /api/cases; every request gets a unique Idempotency-Key and the next three
--         unused upload ids of the next applicant (round robin over the applicants whose
--         tokens this thread holds). The data file's first line is the JSON body with
--         %MATERIALS% where the ids go; every further line is one applicant:
--         "<token> <id,id,id> <id,id,id> ...", each triple used once.
-- The answers are counted and reported by bench/http_load.lua ("WRK-RESULT {json}", with
-- "exhausted": the requests for which the upload pool had run dry).

dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "http_load.lua")

local mode, label
local applicants = {}
local cursor = 0
local sent = 0
local body_head, body_tail
local floor
local csrf

local function split(text, sep)
  local parts = {}
  for part in string.gmatch(text, "[^" .. sep .. "]+") do
    table.insert(parts, part)
  end
  return parts
end

function init(args)
  mode, label = args[1], args[2] or "run"
  tally.exhausted = 0
  if mode == "floor" then
    floor = floor_request()
    return
  end
  local nthreads = tonumber(args[4]) or 1
  csrf = args[5]  -- a CSRF secret, sent as cookie and header, when the API insists on one
  local file = assert(io.open(args[3], "r"))
  local template = file:read("*l")
  local at = string.find(template, "%MATERIALS%", 1, true)
  body_head = string.sub(template, 1, at - 1)
  body_tail = string.sub(template, at + string.len("%MATERIALS%"))
  local index = 0
  for line in file:lines() do
    if index % nthreads == tid then
      local fields = split(line, " ")
      local token = table.remove(fields, 1)
      table.insert(applicants, { token = "Bearer " .. token, triples = fields, used = 0 })
    end
    index = index + 1
  end
  file:close()
  assert(#applicants > 0, "no applicants for thread " .. tid)
end

function request()
  if mode == "floor" then
    return floor
  end
  cursor = cursor % #applicants + 1
  local applicant = applicants[cursor]
  local n = applicant.used + 1
  if n > #applicant.triples then
    -- the pool ran dry: reuse the last triple, which the server answers with a 422
    tally.exhausted = tally.exhausted + 1
    n = #applicant.triples
  else
    applicant.used = n
  end
  sent = sent + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = applicant.token,
    ["Idempotency-Key"] = string.format("bench-%s-%d-%d", label, tid, sent),
  }
  if csrf then
    headers["Cookie"] = "csrftoken=" .. csrf
    headers["X-CSRFToken"] = csrf
  end
  return wrk.format("POST", "/api/cases", headers, body_head .. applicant.triples[n] .. body_tail)
end
