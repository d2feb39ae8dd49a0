"""The service under test: a private copy of the packaged jar, started and stopped by the harness, its RSS sampled
every 0.5 s, its log, metrics and health endpoints."""
import http.client
import os
import shutil
import subprocess
import threading
import time

from util import BenchError, log, now_ms

TOKEN_EXTRA = {"tokc": "orgc", "tokr": "orgready", "toku": "orgu", "tokl": "orgl"}


class Service:
    def __init__(self, settings, work, repo):
        self.s, self.work, self.repo = settings, work, repo
        self.app_dir = os.path.join(work, "app")
        self.log_path = os.path.join(work, "service.log")
        self.proc = None
        self.pid = None
        self.rss = []            # (epoch ms, kB) samples of VmRSS, for the whole run
        self._sampler_stop = None
        self.launch_ms = self.ready_ms = None
        self.startup_s = None
        self.built = "?"
        self.tokens_file = os.path.join(work, "tokens.txt")
        with open(self.tokens_file, "w") as f:
            f.writelines(f"tok{o}\n" for o in range(settings.orgs))

    # ------------------------------------------------------------------ the jar
    def _maven_busy(self):
        pat = f"maven.multiModuleProjectDirectory={self.repo}( |$)"
        return subprocess.run(["pgrep", "-f", pat], capture_output=True).returncode == 0

    def prepare(self):
        waited = 0
        while self._maven_busy() and waited < 300:
            log("a Maven build of this repository is running; waiting")
            time.sleep(5)
            waited += 5
        jar = os.path.join(self.s.app_src, "quarkus-run.jar")
        if self.s.build == "1" or (self.s.build == "auto" and not os.path.exists(jar)):
            log("building the service (./mvnw -B -q package -DskipTests)")
            if subprocess.run(["./mvnw", "-B", "-ntp", "-q", "package", "-DskipTests"]).returncode != 0:
                raise BenchError("build failed")
        if not os.path.exists(jar):
            raise BenchError("no packaged service in target/quarkus-app (build with ./mvnw -B -q package -DskipTests)")
        # private copy, so a concurrent rebuild cannot change the jar under the running service
        shutil.copytree(self.s.app_src, self.app_dir)
        t = os.path.getmtime(os.path.join(self.s.app_src, "app")) if os.path.exists(
            os.path.join(self.s.app_src, "app")) else None
        self.built = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(t)) if t else "?"

    # ------------------------------------------------------------------ start / stop
    def env(self, db, extra):
        tokens = ",".join([f"tok{o}=org{o}:admin" for o in range(self.s.orgs)] +
                          [f"{t}={o}:admin" for t, o in TOKEN_EXTRA.items()])
        env = dict(os.environ)
        env.update({
            "QUARKUS_DATASOURCE_REACTIVE_URL": f"postgresql://127.0.0.1:5432/{db}",
            "QUARKUS_DATASOURCE_JDBC_URL": f"jdbc:postgresql://127.0.0.1:5432/{db}",
            "QUARKUS_DATASOURCE_USERNAME": "postgres",
            "QUARKUS_HTTP_PORT": str(self.s.bench_port),
            "GATEWAY_AUTH_TOKENS": tokens,
            "GATEWAY_AUTH_STATIC_TOKENS_ENABLED": "true",
            "GATEWAY_SECRETS_KEYS": self.s.secrets_keys,
            # The production profile has no default zone driver: the bench says which one it measures.
            "ROLLOUT_DRIVER": "simulated",
            # The benchmark sets its own limits so that its figures stay comparable: no request-rate quota, and a
            # gateways-per-organization quota far above what it creates (unknown variables are ignored by
            # services that have no such quota).
            "GATEWAY_QUOTA_REQUESTS_PER_SECOND": "0",
            "GATEWAY_QUOTA_GATEWAYS_PER_ORGANIZATION": "10000000",
        })
        env.update(self.s.rollout)
        if self.s.malloc_arena_max:
            env["MALLOC_ARENA_MAX"] = self.s.malloc_arena_max
        else:
            env.pop("MALLOC_ARENA_MAX", None)
        env.update(extra or {})
        return env

    def start(self, db, extra_env=None):
        out = open(self.log_path, "ab")
        cmd = ["java", *self.s.java_opts.split(), "-jar", os.path.join(self.app_dir, "quarkus-run.jar")]
        self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=self.env(db, extra_env),
                                     start_new_session=True)
        out.close()
        self.pid = self.proc.pid
        self.launch_ms = now_ms()
        t0 = time.monotonic()
        while time.monotonic() - t0 < 60:
            if self.proc.poll() is not None:
                raise BenchError("service exited at start:\n" + self.log_tail(20))
            if self.code("/q/health/ready", 2) == 200:
                self.ready_ms = now_ms()
                self.startup_s = round(time.monotonic() - t0, 1)
                log(f"service pid {self.pid} ready on :{self.s.bench_port} after {self.startup_s}s (db {db})")
                self._start_sampler()
                return
            time.sleep(0.25)
        raise BenchError("service not ready after 60 s")

    def stop(self):
        if self._sampler_stop:
            self._sampler_stop.set()
            self._sampler_stop = None
        if self.proc and self.proc.poll() is None:
            # the service's graceful shutdown takes up to 5 s delay + 10 s timeout
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def check_alive(self, phase):
        """Raises, with the exit code and the end of the log, if the service is no longer running."""
        if self.proc is not None and self.proc.poll() is not None:
            raise BenchError(f"the service exited (code {self.proc.returncode}) during {phase}; its log ends:\n"
                             + self.log_tail(30))

    def _start_sampler(self):
        stop = threading.Event()
        self._sampler_stop = stop
        pid = self.pid

        def sample():
            while not stop.is_set():
                kb = self.status_kb("VmRSS", pid)
                if kb is None:
                    return
                self.rss.append((now_ms(), kb))
                stop.wait(0.5)

        threading.Thread(target=sample, daemon=True).start()

    # ------------------------------------------------------------------ memory
    def status_kb(self, field, pid=None):
        try:
            with open(f"/proc/{pid or self.pid}/status") as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def hwm_reset(self):
        """Peak RSS := current RSS (Linux >= 4.0); False if not possible."""
        try:
            with open(f"/proc/{self.pid}/clear_refs", "w") as f:
                f.write("5")
            return True
        except OSError:
            return False

    def rss_max_mb(self, a_ms, b_ms):
        return max((kb for t, kb in self.rss if a_ms <= t <= b_ms), default=0) // 1024

    def rss_avg_mb(self, a_ms, b_ms):
        vs = [kb for t, kb in self.rss if a_ms <= t <= b_ms]
        return int(sum(vs) / len(vs) / 1024) if vs else 0

    # ------------------------------------------------------------------ log
    def log_size(self):
        return os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0

    def log_count(self, since, needle):
        with open(self.log_path, "rb") as f:
            f.seek(since)
            return sum(1 for line in f if needle.encode() in line)

    def log_tail(self, n):
        with open(self.log_path, "rb") as f:
            return b"".join(f.readlines()[-n:]).decode("utf-8", "replace")

    # ------------------------------------------------------------------ HTTP
    def request(self, path, timeout=5.0, token=None):
        c = http.client.HTTPConnection("127.0.0.1", self.s.bench_port, timeout=timeout)
        try:
            c.request("GET", path, headers={"Authorization": "Bearer " + token} if token else {})
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def code(self, path, timeout=5.0):
        try:
            return self.request(path, timeout)[0]
        except (OSError, http.client.HTTPException):
            return None

    def metrics(self):
        try:
            s, body = self.request("/q/metrics")
            return body.decode() if s == 200 else ""
        except (OSError, http.client.HTTPException):
            return ""

    def gc_snapshot(self):
        """The JVM's own GC counters from /q/metrics (Micrometer's JVM binders): bytes allocated and promoted, and
        count and seconds of minor and major pauses; {} if the metrics are not there."""
        g = {}
        for line in self.metrics().splitlines():
            if line.startswith("jvm_gc_memory_allocated_bytes_total"):
                g["alloc"] = float(line.split()[-1])
            elif line.startswith("jvm_gc_memory_promoted_bytes_total"):
                g["promoted"] = float(line.split()[-1])
            elif line.startswith(("jvm_gc_pause_seconds_count{", "jvm_gc_pause_seconds_sum{")):
                kind = "minor" if "minor GC" in line else "major"
                key = f"{kind}_{'count' if '_count{' in line else 'sum'}"
                g[key] = g.get(key, 0.0) + float(line.split()[-1])
        return g

    def pool_active(self):
        """Reactive pool connections in use now (the service's sql_pool_active gauge); None if unknown."""
        v = None
        for line in self.metrics().splitlines():
            if line.startswith("sql_pool_active"):
                v = int(float(line.split()[-1]))
        return v

    def pool_idle_active(self):
        """The least of 3 readings 0.3 s apart (a rollout pass may hold a connection for a moment)."""
        vals = []
        for _ in range(3):
            v = self.pool_active()
            if v is not None:
                vals.append(v)
            time.sleep(0.3)
        return min(vals) if vals else None
