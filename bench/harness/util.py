"""Small shared helpers: logging, the run's failure, time, numbers."""
import sys
import time


class BenchError(Exception):
    """A failure that ends the run (the message says why); cleanup still runs."""


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def now_ms():
    return int(time.time() * 1000)


def sleep_until_ms(t_ms):
    d = t_ms - now_ms()
    if d > 0:
        time.sleep(d / 1000)


def num(v):
    """A float from a figure, or None when the figure is missing or not a number ('n/a', '?', None)."""
    if v is None or isinstance(v, bool):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f


def ratio(a, b, digits=2):
    a, b = num(a), num(b)
    return round(a / b, digits) if a is not None and b else None


def median(values):
    vs = sorted(v for v in (num(x) for x in values) if v is not None)
    if not vs:
        return None
    n = len(vs)
    return vs[n // 2] if n % 2 else (vs[n // 2 - 1] + vs[n // 2]) / 2


def kv_line(line, prefix):
    """'PREFIX a=1 b=x' -> {'a': '1', 'b': 'x'} (values stay strings; the caller converts)."""
    out = {}
    for tok in line[len(prefix):].split():
        if "=" in tok:
            k, v = tok.split("=", 1)
            out[k] = v
    return out


def typed(d):
    """Values that read as numbers become numbers (ints stay ints)."""
    out = {}
    for k, v in d.items():
        if isinstance(v, str):
            try:
                out[k] = int(v)
                continue
            except ValueError:
                pass
            f = num(v)
            out[k] = f if f is not None else v
        else:
            out[k] = v
    return out
