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
-- Each thread counts answers by status; done() prints one line "WRK-RESULT {json}".

local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

local mode, label
local applicants = {}
local cursor = 0
local sent = 0
local body_head, body_tail
local floor_request
local csrf

counts = {}
exhausted = 0
sample = ""

local function split(text, sep)
  local parts = {}
  for part in string.gmatch(text, "[^" .. sep .. "]+") do
    table.insert(parts, part)
  end
  return parts
end

function init(args)
  mode, label = args[1], args[2] or "run"
  if mode == "floor" then
    floor_request = wrk.format(
      "POST", "/bench/floor", { ["Content-Type"] = "application/json" }, "{}"
    )
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
    return floor_request
  end
  cursor = cursor % #applicants + 1
  local applicant = applicants[cursor]
  local n = applicant.used + 1
  if n > #applicant.triples then
    -- the pool ran dry: reuse the last triple, which the server answers with a 422
    exhausted = exhausted + 1
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

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  if (status < 200 or status > 299) and sample == "" then
    sample = string.sub(body or "", 1, 400)
  end
end

local function json_string(s)
  s = string.gsub(s, '[%c"\\]', function(c)
    return string.format("\\u%04x", string.byte(c))
  end)
  return '"' .. s .. '"'
end

function done(summary, latency, requests)
  local merged, dry, first = {}, 0, ""
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts") or {}) do
      merged[status] = (merged[status] or 0) + n
    end
    dry = dry + (thread:get("exhausted") or 0)
    if first == "" then
      first = thread:get("sample") or ""
    end
  end
  local by_status = {}
  for status, n in pairs(merged) do
    table.insert(by_status, string.format('"%d": %d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "mean_us": %.1f, "status": {%s}, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"exhausted": %d, "sample": %s}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, table.concat(by_status, ", "),
    e.connect, e.read, e.write, e.status, e.timeout, dry, json_string(first)
  ))
end
