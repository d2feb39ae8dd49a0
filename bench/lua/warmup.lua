-- Warm-up mix, cycling per connection: 4 GET, 4 LIST, 1 PATCH (patch pool), 1 POST (create organization).
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local ids, patch, tokens
local counter = 0
local n = 0
function setup(thread) counter = counter + 1; thread:set("tid", counter) end
function init(args)
  ids = common.load(os.getenv("BENCH_IDS"))
  patch = common.load(os.getenv("BENCH_PATCH_IDS"))
  tokens = common.load(os.getenv("BENCH_TOKENS"))
  create_auth = "Bearer " .. os.getenv("BENCH_CREATE_TOKEN")
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
end
function request()
  n = n + 1
  local k = n % 10
  if k < 4 then
    local r = ids[math.random(#ids)]
    return wrk.format("GET", "/v1alpha1/inference/gateways/" .. r[1], { ["Authorization"] = r[2] })
  elseif k < 8 then
    local r = tokens[math.random(#tokens)]
    return wrk.format("GET", "/v1alpha1/inference/gateways?pageSize=100", { ["Authorization"] = r[2] })
  elseif k == 8 then
    local r = patch[math.random(#patch)]
    local routing = (n % 20 == 8) and '"pathBasedRouting":{}' or '"headerBasedRouting":{"headerName":"x-model"}'
    local body = string.format('{"name":"w-%d-%d","zones":%s,"coreWeaveAuth":{},%s}', tid or 0, n, common.zones,
      routing)
    return wrk.format("PATCH", "/v1alpha1/inference/gateways/" .. r[1],
      { ["Authorization"] = r[2], ["Content-Type"] = "application/json" }, body)
  else
    local body = string.format('{"name":"w-%d-%d","zones":%s,"coreWeaveAuth":{},"pathBasedRouting":{}}', tid or 0, n,
      common.zones)
    return wrk.format("POST", "/v1alpha1/inference/gateways",
      { ["Authorization"] = create_auth, ["Content-Type"] = "application/json" }, body)
  end
end
function delay() return common.delay() end
function done(summary, latency, requests) common.report(summary, latency) end
