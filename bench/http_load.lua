-- What the wrk scripts of bench/ share (bench/http_load.py drives them). A script loads it
-- first with
--
--   dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "<path to>/http_load.lua")
--
-- and then defines init(args) and request(). Given here:
--   setup      numbers the threads (global `tid` in each thread, 0, 1, …)
--   response   counts the answers by status and keeps the first non-2xx body; a script
--              that wants more calls count_answer(status, body) from its own response()
--   floor_request()  the anchor's request: POST /bench/floor, one ORM INSERT
--   tally      a table of numbers per thread (script's own counters), summed by done()
--   done       prints one line "WRK-RESULT {json}": requests, duration, latency
--              percentiles, answers by status, socket errors, the summed tallies at the
--              top level, the first non-2xx body; then calls after_done(threads) if the
--              script defines it (e.g. to write what its threads collected)

local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

counts = {}
tally = {}
sample = ""

function count_answer(status, body)
  counts[status] = (counts[status] or 0) + 1
  if (status < 200 or status > 299) and sample == "" then
    sample = string.sub(body or "", 1, 400)
  end
end

function response(status, headers, body)
  count_answer(status, body)
end

function floor_request()
  return wrk.format("POST", "/bench/floor", { ["Content-Type"] = "application/json" }, "{}")
end

function json_string(s)
  s = string.gsub(s, '[%c"\\]', function(c)
    return string.format("\\u%04x", string.byte(c))
  end)
  return '"' .. s .. '"'
end

function done(summary, latency, requests)
  local merged, sums, first = {}, {}, ""
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts") or {}) do
      merged[status] = (merged[status] or 0) + n
    end
    for name, n in pairs(thread:get("tally") or {}) do
      sums[name] = (sums[name] or 0) + n
    end
    if first == "" then
      first = thread:get("sample") or ""
    end
  end
  local by_status, extra = {}, {}
  for status, n in pairs(merged) do
    table.insert(by_status, string.format('"%d": %d', status, n))
  end
  for name, n in pairs(sums) do
    table.insert(extra, string.format('"%s": %d, ', name, n))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "mean_us": %.1f, "status": {%s}, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '%s"sample": %s}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, table.concat(by_status, ", "),
    e.connect, e.read, e.write, e.status, e.timeout, table.concat(extra), json_string(first)
  ))
  if after_done then
    after_done(threads)
  end
end
