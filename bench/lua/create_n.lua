-- Exactly BENCH_CREATE_QUOTA creates per wrk thread, as fast as possible, then the thread goes quiet
-- (wrk.thread:stop()); run.sh kills wrk once the database holds them all. Used for the time-to-READY test.
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local counter = 0
local sent, ok = 0, 0
function setup(thread) counter = counter + 1; thread:set("tid", counter) end
function init(args)
  auth = "Bearer " .. os.getenv("BENCH_CREATE_TOKEN")
  quota = tonumber(os.getenv("BENCH_CREATE_QUOTA"))
end
function request()
  sent = sent + 1
  if sent > quota then
    -- quota sent: keep the connection busy with the cheapest request until this thread's answers are in
    return wrk.format("GET", "/q/health/started")
  end
  local body = string.format('{"name":"r-%d-%d","zones":%s,"coreWeaveAuth":{},"pathBasedRouting":{}}', tid or 0,
    sent, common.zones)
  return wrk.format("POST", "/v1alpha1/inference/gateways",
    { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
end
function response(status, headers, body)
  if status == 200 and body:sub(1, 10) == '{"gateway"' then ok = ok + 1 end
  if ok >= quota then wrk.thread:stop() end
end
function done(summary, latency, requests) common.report(summary, latency) end
