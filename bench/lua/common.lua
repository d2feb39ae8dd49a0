-- Shared helpers for the wrk scripts (loaded with dofile from each script, in every wrk Lua state).
local M = {}

M.zones = '["US-EAST-04A","US-WEST-09B","EU-SOUTH-03A"]'

-- Reads "<id> <token>" lines (or "<token>" lines) into {id, "Bearer <token>"} pairs.
function M.load(path)
  local rows = {}
  for line in io.lines(path) do
    local a, b = line:match("^(%S+)%s+(%S+)%s*$")
    if a then
      rows[#rows + 1] = { a, "Bearer " .. b }
    else
      local t = line:match("^(%S+)%s*$")
      if t then rows[#rows + 1] = { nil, "Bearer " .. t } end
    end
  end
  assert(#rows > 0, "no rows in " .. path)
  return rows
end

-- A graceful end of the phase: from BENCH_DEADLINE (epoch seconds, set by run.sh) on, no connection sends another
-- request, so that none is in flight when wrk closes its connections at the end of -d (run.sh runs wrk for a tail
-- beyond the deadline and counts the phase up to the deadline). Without BENCH_DEADLINE it never delays.
M.deadline = tonumber(os.getenv("BENCH_DEADLINE") or "") or 0
function M.delay()
  if M.deadline > 0 and os.time() >= M.deadline then return 3600000 end
  return 0
end

-- One machine-readable summary line, parsed by run.sh.
function M.report(summary, latency)
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_ms=%.3f " ..
    "err_status=%d err_connect=%d err_read=%d err_write=%d err_timeout=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    e.status, e.connect, e.read, e.write, e.timeout))
end

return M
