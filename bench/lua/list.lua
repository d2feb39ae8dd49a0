-- LIST: the first page of 100 of a random organization (one token per organization, from BENCH_TOKENS).
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local rows
local counter = 0
function setup(thread) counter = counter + 1; thread:set("tid", counter) end
function init(args)
  rows = common.load(os.getenv("BENCH_TOKENS"))
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
end
function request()
  local r = rows[math.random(#rows)]
  return wrk.format("GET", "/v1alpha1/inference/gateways?pageSize=100", { ["Authorization"] = r[2] })
end
function delay() return common.delay() end
function done(summary, latency, requests) common.report(summary, latency) end
