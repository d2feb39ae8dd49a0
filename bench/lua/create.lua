-- POST: create a new gateway over 3 zones in the create organization (BENCH_CREATE_TOKEN).
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local counter = 0
local n = 0
function setup(thread) counter = counter + 1; thread:set("tid", counter) end
function init(args)
  auth = "Bearer " .. os.getenv("BENCH_CREATE_TOKEN")
  salt = os.getenv("BENCH_SALT") or "x"
end
function request()
  n = n + 1
  local body = string.format('{"name":"c%s-%d-%d","zones":%s,"coreWeaveAuth":{},"pathBasedRouting":{}}', salt,
    tid or 0, n, common.zones)
  return wrk.format("POST", "/v1alpha1/inference/gateways",
    { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
end
function done(summary, latency, requests) common.report(summary, latency) end
