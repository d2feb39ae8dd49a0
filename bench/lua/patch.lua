-- PATCH (application/json: the full spec) of a random gateway of the patch pool (BENCH_PATCH_IDS). The body
-- alternates between two specs (path-based vs header-based routing) and carries a name unique to this request,
-- so every PATCH is a real change: generation bump + 3 zone rows made due (the rollout workers run meanwhile).
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local rows
local counter = 0
local n = 0
function setup(thread) counter = counter + 1; thread:set("tid", counter) end
function init(args)
  rows = common.load(os.getenv("BENCH_PATCH_IDS"))
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
  salt = os.getenv("BENCH_SALT") or "x"
end
function request()
  n = n + 1
  local r = rows[math.random(#rows)]
  local routing = (n % 2 == 0) and '"pathBasedRouting":{}' or '"headerBasedRouting":{"headerName":"x-model"}'
  local body = string.format('{"name":"p%s-%d-%d","zones":%s,"coreWeaveAuth":{},%s}', salt, tid or 0, n,
    common.zones, routing)
  return wrk.format("PATCH", "/v1alpha1/inference/gateways/" .. r[1],
    { ["Authorization"] = r[2], ["Content-Type"] = "application/json" }, body)
end
function done(summary, latency, requests) common.report(summary, latency) end
