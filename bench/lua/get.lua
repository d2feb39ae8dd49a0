-- GET one gateway: a random id among the seeded (non-patch) gateways, with its organization's token.
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local rows
local counter = 0
function setup(thread) counter = counter + 1; thread:set("tid", counter) end
function init(args)
  rows = common.load(os.getenv("BENCH_IDS"))
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
end
function request()
  local r = rows[math.random(#rows)]
  return wrk.format("GET", "/v1alpha1/inference/gateways/" .. r[1], { ["Authorization"] = r[2] })
end
function done(summary, latency, requests) common.report(summary, latency) end
