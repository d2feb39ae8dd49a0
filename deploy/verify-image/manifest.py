#!/usr/bin/env python3
"""Reads what deploy/verify-image.sh needs from the Kubernetes manifests, so the script never repeats them.

    manifest.py KUBERNETES_YML CONFIG_YML ENV_FILE [NAME=VALUE ...]

Prints shell assignments (M_*) describing the Deployment's single container: probes, port, user, security
context, resources, grace period, volumes. Writes ENV_FILE (podman --env-file format) with the environment the pod
gets: the ConfigMap and Secret of CONFIG_YML it names in envFrom, then its own env entries (which win, as in
Kubernetes), then the NAME=VALUE overrides given on the command line (the local database, a test token). Each
Secret volume becomes a directory beside ENV_FILE holding the files the kubelet would write from that Secret of
CONFIG_YML (none when an optional Secret is absent or empty there); M_SECRET_MOUNTS lists them as DIR:PATH.
"""
import base64
import os
import re
import shlex
import sys

import yaml


def fail(message):
    sys.exit("manifest.py: " + message)


def documents(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def one(docs, kind, name=None):
    found = [d for d in docs if d.get("kind") == kind and (name is None or d["metadata"]["name"] == name)]
    if len(found) != 1:
        fail(f"expected one {kind}{' ' + name if name else ''}, found {len(found)}")
    return found[0]


def memory_mib(quantity):
    """Kubernetes memory quantity -> MiB (rounded down)."""
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "": 1}
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]i?)?", str(quantity))
    if not m:
        fail(f"cannot read memory quantity {quantity!r}")
    return int(float(m.group(1)) * units[m.group(2) or ""] // 2**20)


def cpu_millis(quantity):
    q = str(quantity)
    return int(q[:-1]) if q.endswith("m") else int(float(q) * 1000)


def secret_data(secret):
    """The Secret's contents as the API server would hold them: data, with stringData written over it."""
    data = {k: base64.b64decode(v) for k, v in (secret.get("data") or {}).items()}
    data.update({k: str(v).encode() for k, v in (secret.get("stringData") or {}).items()})
    return data


def secret_volume(config, source, directory):
    """Writes the files of a Secret volume as the kubelet would (key = file name, defaultMode); returns their count."""
    name = source["secretName"]
    found = [d for d in config if d.get("kind") == "Secret" and d["metadata"]["name"] == name]
    if not found and not source.get("optional", False):
        fail(f"Secret {name} of a volume is not in the example config and the volume is not optional: "
             "the pod would not start")
    data = secret_data(found[0]) if found else {}
    items = source.get("items")
    if items:
        data = {item["path"]: data[item["key"]] for item in items if item["key"] in data}
    os.makedirs(directory, exist_ok=True)
    for key, value in data.items():
        path = os.path.join(directory, key)
        with open(path, "wb") as f:
            f.write(value)
        os.chmod(path, source.get("defaultMode", 0o644))
    return len(data)


def main():
    if len(sys.argv) < 4:
        fail(__doc__)
    k8s_path, config_path, env_path, overrides = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    deployment = one(documents(k8s_path), "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    if len(pod["containers"]) != 1:
        fail("expected a single container in the Deployment")
    container = pod["containers"][0]
    pod_security = pod.get("securityContext", {})
    security = container.get("securityContext", {})
    out = {}

    ports = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
    out["M_IMAGE"] = container["image"]
    out["M_CONTAINER_PORT"] = ports.get("http") or next(iter(ports.values()))
    for probe, prefix in (("startupProbe", "M_STARTUP"), ("readinessProbe", "M_READINESS"), ("livenessProbe", "M_LIVENESS")):
        p = container.get(probe) or fail(f"the container has no {probe}")
        get = p.get("httpGet") or fail(f"{probe} is not an httpGet probe")
        port = get["port"]
        out[prefix + "_PATH"] = get["path"]
        out[prefix + "_PORT"] = ports[port] if isinstance(port, str) else port
        out[prefix + "_INITIAL_DELAY"] = p.get("initialDelaySeconds", 0)
        out[prefix + "_PERIOD"] = p.get("periodSeconds", 10)
        out[prefix + "_TIMEOUT"] = p.get("timeoutSeconds", 1)
        out[prefix + "_FAILURES"] = p.get("failureThreshold", 3)

    def setting(key, default=None):  # the container's securityContext wins over the pod's
        return security.get(key, pod_security.get(key, default))

    out["M_RUN_AS_USER"] = setting("runAsUser") or fail("no runAsUser")
    out["M_RUN_AS_GROUP"] = setting("runAsGroup", 0)
    out["M_RUN_AS_NON_ROOT"] = str(setting("runAsNonRoot", False)).lower()
    out["M_FS_GROUP"] = pod_security.get("fsGroup", "")
    out["M_READ_ONLY_ROOT"] = str(security.get("readOnlyRootFilesystem", False)).lower()
    out["M_ALLOW_PRIVILEGE_ESCALATION"] = str(security.get("allowPrivilegeEscalation", True)).lower()
    out["M_PRIVILEGED"] = str(security.get("privileged", False)).lower()
    out["M_CAPS_DROP"] = ",".join(security.get("capabilities", {}).get("drop", []))
    out["M_CAPS_ADD"] = ",".join(security.get("capabilities", {}).get("add", []))
    out["M_SECCOMP"] = setting("seccompProfile", {}).get("type", "")

    config = documents(config_path)
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    writable, secret_mounts, secret_notes = [], [], []
    for mount in container.get("volumeMounts", []):
        volume = volumes.get(mount["name"], {})
        if "emptyDir" in volume:
            if not mount.get("readOnly", False):
                writable.append(mount["mountPath"])
        elif "secret" in volume:
            directory = os.path.join(os.path.dirname(os.path.abspath(env_path)), "secret-" + mount["name"])
            files = secret_volume(config, volume["secret"], directory)
            secret_mounts.append(f"{directory}:{mount['mountPath']}")
            secret_notes.append(f"{mount['mountPath']} (Secret {volume['secret']['secretName']}"
                                f"{', optional' if volume['secret'].get('optional') else ''}, {files} files)")
        else:
            fail(f"volume {mount['name']} is neither an emptyDir nor a Secret: not supported here")
    out["M_WRITABLE_MOUNTS"] = " ".join(writable)
    out["M_SECRET_MOUNTS"] = " ".join(secret_mounts)
    out["M_SECRET_VOLUMES"] = "; ".join(secret_notes)

    resources = container.get("resources", {})
    limits, requests = resources.get("limits", {}), resources.get("requests", {})
    out["M_MEMORY_LIMIT_MIB"] = memory_mib(limits["memory"]) if "memory" in limits else ""
    out["M_MEMORY_REQUEST_MIB"] = memory_mib(requests["memory"]) if "memory" in requests else ""
    out["M_CPU_LIMIT_MILLIS"] = cpu_millis(limits["cpu"]) if "cpu" in limits else ""
    out["M_CPU_REQUEST_MILLIS"] = cpu_millis(requests["cpu"]) if "cpu" in requests else ""
    out["M_GRACE_SECONDS"] = pod.get("terminationGracePeriodSeconds", 30)

    # The environment: envFrom (ConfigMaps and Secrets from the example config), then env, then the overrides.
    env, sources = {}, []
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            name = source["configMapRef"]["name"]
            env.update({k: str(v) for k, v in (one(config, "ConfigMap", name).get("data") or {}).items()})
            sources.append("ConfigMap " + name)
        elif "secretRef" in source:
            name = source["secretRef"]["name"]
            secret = one(config, "Secret", name)
            env.update({k: str(v) for k, v in (secret.get("stringData") or {}).items()})
            env.update({k: base64.b64decode(v).decode() for k, v in (secret.get("data") or {}).items()})
            sources.append("Secret " + name)
    for entry in container.get("env", []):
        if "value" not in entry:
            fail(f"env {entry['name']} is not a plain value: not supported here")
        env[entry["name"]] = str(entry["value"])
    manifest_env = sorted(env)
    out["M_ROLLOUT_DRIVER"] = env.get("ROLLOUT_DRIVER", "")  # the manifest's own, before the overrides
    for override in overrides:
        name, _, value = override.partition("=")
        env[name] = value
    with open(env_path, "w", encoding="utf-8") as f:
        for name, value in env.items():
            if "\n" in value:
                fail(f"env {name} spans lines: not supported by --env-file")
            f.write(f"{name}={value}\n")
    out["M_ENV_SOURCES"] = ", ".join(sources)
    out["M_ENV_NAMES"] = " ".join(manifest_env)
    out["M_JAVA_OPTS_APPEND"] = env.get("JAVA_OPTS_APPEND", "")
    out["M_GC_CONTAINER_OPTIONS"] = env.get("GC_CONTAINER_OPTIONS", "")
    out["M_MALLOC_ARENA_MAX"] = env.get("MALLOC_ARENA_MAX", "")

    for key, value in out.items():
        print(f"{key}={shlex.quote(str(value))}")


if __name__ == "__main__":
    main()
