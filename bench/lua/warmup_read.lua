-- Re-warm after a reseed: alternating GET (random seeded id) and LIST (random organization).
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local ids, tokens
local counter = 0
local n = 0
function setup(thread) counter = counter + 1; thread:set("tid", counter) end
function init(args)
  ids = common.load(os.getenv("BENCH_IDS"))
  tokens = common.load(os.getenv("BENCH_TOKENS"))
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
end
function request()
  n = n + 1
  if n % 2 == 0 then
    local r = ids[math.random(#ids)]
    return wrk.format("GET", "/v1alpha1/inference/gateways/" .. r[1], { ["Authorization"] = r[2] })
  end
  local r = tokens[math.random(#tokens)]
  return wrk.format("GET", "/v1alpha1/inference/gateways?pageSize=100", { ["Authorization"] = r[2] })
end
function delay() return common.delay() end
function done(summary, latency, requests) common.report(summary, latency) end
