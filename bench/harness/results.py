"""The run's raw results: one JSON document (meta, settings, one object per phase, the tools' outputs), saved with
no path of the machine in it. The report (report.py) is made from it alone."""
import json
import os


class Raw:
    def __init__(self):
        self.data = {"format": 1, "meta": {}, "settings": {}, "phases": {}, "outputs": []}

    def phase(self, name):
        """The dict of a phase's figures (created empty on first use)."""
        return self.data["phases"].setdefault(name, {})

    def put(self, name, **figures):
        self.phase(name).update(figures)
        return self.phase(name)

    def output(self, title, text):
        """A tool's own output (wrk, pgbench, the python clients), kept for the reader."""
        self.data["outputs"].append({"title": title, "text": text})

    def save(self, path, scrub):
        text = json.dumps(self.data, indent=1, sort_keys=False, default=str)
        for old, new in scrub:
            if old:
                text = text.replace(json.dumps(old)[1:-1], new)
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "w") as f:
            f.write(text + "\n")


def load(path):
    with open(path) as f:
        return json.load(f)
