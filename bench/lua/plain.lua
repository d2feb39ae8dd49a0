-- No request override (wrk's prebuilt request): the HTTP ceiling on /q/health/live.
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
function done(summary, latency, requests) common.report(summary, latency) end
