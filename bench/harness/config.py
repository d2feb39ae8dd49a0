"""Settings of one run, from the environment (see bench/README.md, "Settings"). BENCH_SMOKE=1 swaps in small sizes
and short phases; any variable set in the environment still wins."""
import base64
import os
import shlex

# name: (default, smoke default or None)
DEFAULTS = {
    "GATEWAYS": ("10000", "1000"),            # seeded gateways of the main run
    "ORGS": ("10", None),                     # organizations they are spread over (org0..)
    "PATCH_POOL": ("1000", "200"),            # gateways reserved for PATCH (at most GATEWAYS/5)
    "READY_GATEWAYS": ("1000", "200"),        # gateways created for the time-to-READY test
    "BENCH_DURATION": ("20s", "3s"),          # each measured phase and ceiling
    "WARMUP_WINDOW": ("10s", "3s"),           # warm-up runs in windows of this length...
    "WARMUP_STEADY": ("3", None),             # ...until this many last windows agree...
    "WARMUP_TOLERANCE": ("5", None),          # ...within this many % of app CPU per request (max-min over mean)...
    "WARMUP_MAX": ("300s", "15s"),            # ...or this much warm-up ran ("not steady")
    "BENCH_REWARM": ("10s", "2s"),            # warm-up after each reseed of the size sweep
    "BENCH_SIZES": ("1000 10000 100000", "1000 3000"),
    "SCALE_REPEATS": ("3", "2"),              # GET and LIST measured this many times at each size (medians)
    "SCALE_DURATION": ("10s", "3s"),          # each of those repeats
    "PACED": ("1", None),                     # 0 skips the open-loop latency runs
    "PACED_FRACTION": ("0.5", None),          # open-loop rate = this x the same run's closed-loop req/s...
    "PACED_GET_RATE": ("2000", None),         # ...but GET at most this (the python client's CPU stays small)
    "PACED_DURATION": ("20s", "4s"),          # each open-loop run
    "PACED_MAX_CONNECTIONS": ("256", None),   # connections the open-loop client may open
    "STRESS": ("1", None),                    # 0 skips the unpaged-list and big-page phases
    "UNPAGED_GATEWAYS": ("100000", "3000"),
    "UNPAGED_LISTS": ("3", None),
    "UNPAGED_TIMEOUT": ("90", "30"),
    "UNPAGED_GET_CONNECTIONS": ("8", None),
    "LIMIT_GATEWAYS": ("1200", "60"),
    "LIMIT_PAGES": ("8", None),
    "LIMIT_PAGE_SIZE": ("1000", "50"),
    "LIMIT_TIMEOUT": ("60", "30"),
    "WATCH": ("1", None),
    "WATCHERS": ("1000", "200"),
    "WATCH_PATCHES": ("5000", "500"),
    "WATCH_PACED_RATE": ("50", None),
    "WATCH_PACED_COUNT": ("1000", "150"),
    "WATCH_MAX_S": ("180", None),
    "WATCH_IDLE_S": ("5", None),
    "WATCH_FINISH_TIMEOUT": ("60", None),
    "PICKUP": ("1", None),
    "PICKUP_RATE": ("20", None),
    "PICKUP_SECONDS": ("30", "10"),
    "HEALTH_INTERVAL": ("0.5", None),
    "HEALTH_TIMEOUT": ("1", None),
    "RECOVER_TIMEOUT": ("60", None),
    "THREADS": ("2", None),
    "CONNECTIONS": ("32", None),
    "BENCH_PORT": ("18180", None),
    "DRAIN_TIMEOUT": ("300", None),
    "READY_TIMEOUT": ("300", None),
    "BENCH_BUILD": ("auto", None),            # auto: build only if no packaged jar; 1: always; 0: never
    "BENCH_JFR": ("", None),                  # phases to profile with JFR (comma-separated names, e.g. get_100000)
    "BENCH_KEEP_WORK": ("0", None),
}

# The production JVM settings of the JVM image and the Kubernetes manifests (src/main/docker/Dockerfile.jvm,
# quarkus.kubernetes.env.vars.* in application.properties). JAVA_OPTS="-Xmx256m" MALLOC_ARENA_MAX= measures the
# bare JVM defaults instead.
JAVA_OPTS = ("-Xms128m -Xmx128m -XX:+UseSerialGC -XX:-TieredCompilation -XX:CompileThreshold=1500 "
             "-XX:TrimNativeHeapInterval=5000 -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m "
             "-XX:MaxDirectMemorySize=64m -Xss512k")

# Settings echoed in the report's command line (what decides the figures).
COMMAND_VARS = ["GATEWAYS", "ORGS", "PATCH_POOL", "READY_GATEWAYS", "BENCH_DURATION", "WARMUP_WINDOW",
                "WARMUP_STEADY", "WARMUP_TOLERANCE", "WARMUP_MAX", "BENCH_REWARM", "BENCH_SIZES", "SCALE_REPEATS",
                "SCALE_DURATION", "PACED", "PACED_FRACTION", "PACED_GET_RATE", "PACED_DURATION", "STRESS", "UNPAGED_GATEWAYS",
                "UNPAGED_LISTS", "UNPAGED_TIMEOUT", "UNPAGED_GET_CONNECTIONS", "LIMIT_GATEWAYS", "LIMIT_PAGES",
                "LIMIT_PAGE_SIZE", "LIMIT_TIMEOUT", "WATCH", "WATCHERS", "WATCH_PATCHES", "WATCH_PACED_RATE",
                "WATCH_PACED_COUNT", "PICKUP", "PICKUP_RATE", "PICKUP_SECONDS", "THREADS", "CONNECTIONS"]

ZONES_PER_GATEWAY = 3


def seconds(value):
    """'20s' -> 20, '5m' -> 300, '500ms' -> 1 (a phase is at least a second), '7' -> 7."""
    v = value.strip()
    if v.endswith("ms"):
        return 1
    if v.endswith("m"):
        return int(v[:-1]) * 60
    if v.endswith("s"):
        return int(v[:-1])
    return int(v)


class Settings:
    """Every setting as an attribute: raw strings in .raw, typed values as attributes (lower case)."""

    def __init__(self, env=None):
        env = os.environ if env is None else env
        self.smoke = env.get("BENCH_SMOKE", "0") == "1"
        self.raw = {}
        for name, (default, smoke) in DEFAULTS.items():
            self.raw[name] = env.get(name, smoke if (self.smoke and smoke is not None) else default)
        r = self.raw
        for name in ["GATEWAYS", "ORGS", "PATCH_POOL", "READY_GATEWAYS", "WARMUP_STEADY", "SCALE_REPEATS",
                     "UNPAGED_GATEWAYS", "UNPAGED_LISTS", "UNPAGED_GET_CONNECTIONS", "LIMIT_GATEWAYS", "LIMIT_PAGES",
                     "LIMIT_PAGE_SIZE", "WATCHERS", "WATCH_PATCHES", "WATCH_PACED_COUNT", "PICKUP_RATE",
                     "PICKUP_SECONDS", "THREADS", "CONNECTIONS", "BENCH_PORT", "PACED_MAX_CONNECTIONS"]:
            setattr(self, name.lower(), int(r[name]))
        for name in ["WARMUP_TOLERANCE", "PACED_FRACTION", "PACED_GET_RATE", "UNPAGED_TIMEOUT", "LIMIT_TIMEOUT", "WATCH_PACED_RATE",
                     "WATCH_MAX_S", "WATCH_IDLE_S", "WATCH_FINISH_TIMEOUT", "HEALTH_INTERVAL", "HEALTH_TIMEOUT",
                     "RECOVER_TIMEOUT", "DRAIN_TIMEOUT", "READY_TIMEOUT"]:
            setattr(self, name.lower(), float(r[name]))
        for name in ["STRESS", "WATCH", "PICKUP", "PACED"]:
            setattr(self, name.lower(), r[name] == "1")
        self.duration = seconds(r["BENCH_DURATION"])
        self.warmup_window = seconds(r["WARMUP_WINDOW"])
        self.warmup_max = seconds(r["WARMUP_MAX"])
        self.rewarm = seconds(r["BENCH_REWARM"])
        self.scale_duration = seconds(r["SCALE_DURATION"])
        self.paced_duration = seconds(r["PACED_DURATION"])
        self.sizes = [int(s) for s in r["BENCH_SIZES"].split()]
        self.pool = min(self.patch_pool, self.gateways // 5)
        self.build = r["BENCH_BUILD"]
        self.jfr = [p.strip() for p in r["BENCH_JFR"].split(",") if p.strip()]
        self.keep_work = r["BENCH_KEEP_WORK"] == "1"
        self.java_opts = env.get("JAVA_OPTS", JAVA_OPTS)
        self.malloc_arena_max = env.get("MALLOC_ARENA_MAX", "2")
        self.results = env.get("RESULTS", "/tmp/bench-smoke.md" if self.smoke else "bench/results/latest.md")
        # the docs page whose marked block gets the targets table (not for smoke runs unless asked)
        self.docs_page = env.get("BENCH_DOCS", "" if self.smoke else "docs/benchmarks.md")
        self.app_src = env.get("APP_SRC", "target/quarkus-app")
        # The production service refuses to start without a key to seal stored secrets: a fresh one per run.
        self.secrets_keys = env.get("GATEWAY_SECRETS_KEYS") or "bench:" + base64.b64encode(os.urandom(32)).decode()
        self.rollout = {k: env[k] for k in ["ROLLOUT_SIMULATED_LATENCY", "ROLLOUT_SIMULATED_JITTER", "ROLLOUT_ENABLED",
                                           "ROLLOUT_CONCURRENCY", "ROLLOUT_WAKE_ON_SIGNAL", "ROLLOUT_BATCH_SIZE"]
                        if env.get(k)}
        self.rollout.setdefault("ROLLOUT_SIMULATED_LATENCY", "0ms")
        self.rollout.setdefault("ROLLOUT_SIMULATED_JITTER", "0ms")
        self.rollout.setdefault("ROLLOUT_ENABLED", "true")

    def command(self):
        return " ".join(f"{v}={shlex.quote(self.raw[v])}" for v in COMMAND_VARS) + " bench/run.sh"

    def public(self):
        """What the raw file records of the settings (no key, no machine path)."""
        out = dict(self.raw)
        out.update(JAVA_OPTS=self.java_opts, MALLOC_ARENA_MAX=self.malloc_arena_max, smoke=self.smoke,
                   patch_pool_used=self.pool, rollout=self.rollout, zones_per_gateway=ZONES_PER_GATEWAY)
        return out
