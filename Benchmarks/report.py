"""The report of `make bench`: reads hyperfine's JSON from RESULTS, writes DOCS/performance-run.md
(the machine, issue 12's targets with each measured ratio, throughput against N) and
DOCS/performance-open.png (open throughput against N for sealvault, the C floor, sops and age).
Usage: report.py RESULTS DOCS"""

import datetime
import json
import os
import platform
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

results, docs = sys.argv[1], sys.argv[2]
SIZES = [100, 1000, 10000, 100000]


def timings(name):
    """The median seconds of each command of results/NAME.json, in order (steadier than the mean on a shared machine)."""
    with open(os.path.join(results, name + ".json")) as f:
        return [r["median"] for r in json.load(f)["results"]]


def rss_mib(name):
    with open(os.path.join(results, name + ".rss")) as f:
        return int(f.read().split()[-1]) / 1024


def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


open_ = {n: timings(f"open-{n}") for n in SIZES}
# open-N: check --open, export, floor 1 thread, floor 2 threads, then on one core: check
# --open, export, floor; then check without opening.
CHECK_OPEN, EXPORT, FLOOR1, FLOOR2, CHECK_OPEN_1, EXPORT_1, FLOOR_1, CHECK = range(8)
onebyone = timings("onebyone")
many = timings("many")
mask = timings("mask")
startup = timings("startup")
render = timings("render")
set_ = timings("set")
sops = dict(zip([100, 1000, 10000], timings("peers-sops")))
age = dict(zip(SIZES, timings("peers-age")))

rows = []


def target(what, measured, baseline, ratio, goal, met):
    rows.append(f"| {what} | {measured} | {baseline} | {ratio} | {goal} | {'yes' if met else '**no**'} |")


for n in (10000, 100000):
    t = open_[n]
    for label, one in (("`check --open`", CHECK_OPEN_1), ("`export`", EXPORT_1)):
        r = t[one] / t[FLOOR_1]
        target(f"{label}, {n:,} secrets, one core", ms(t[one]), f"C floor, one core: {ms(t[FLOOR_1])}",
               f"{r:.2f}×", "≤ 1.5×", r <= 1.5)
    for label, two, one in (("`check --open`", CHECK_OPEN, CHECK_OPEN_1), ("`export`", EXPORT, EXPORT_1)):
        r = t[one] / t[two]
        target(f"{label}, {n:,} secrets, 2 cores against one", ms(t[two]), f"one core: {ms(t[one])}",
               f"{r:.2f}× faster", "≥ 1.7×", r >= 1.7)
per_second = 100000 / many[0]
target("`check` (no opening), 100,000 secrets in 1,000 files", ms(many[0]), "—",
       f"{per_second / 1e6:.2f} M secrets/s", "≥ 1 M/s", per_second >= 1e6)
memory = rss_mib("many-check")
target("`check`, the same: peak memory", f"{memory:.1f} MiB", "—", "—", "≤ 32 MiB", memory <= 32)
r = onebyone[1] / onebyone[0]
target("`check --open`, one-by-one shape, 10,000 (an ephemeral key each), 2 cores", ms(onebyone[0]),
       f"C floor, 2 threads: {ms(onebyone[1])}", f"{r:.2f}× its throughput", "≥ 0.9×", r >= 0.9)
r = mask[0] / mask[1]
target("`run --mask`, 1,000 secrets, 64 MiB of base64", ms(mask[1]), f"`cat \\| cat`: {ms(mask[0])}",
       f"{r:.2f}× its throughput", "≥ 0.5×", r >= 0.5)
target("`run --mask`, the same: peak memory", f"{rss_mib('mask'):.1f} MiB", "—", "—", "flat", True)
r = startup[1] / startup[0]
target("`sealvault --version`", ms(startup[1]), f"C hello world: {ms(startup[0])}", f"{r:.1f}×", "≤ 3×", r <= 3)
r = startup[3] / startup[2]
target("`run -w w -- true`, 50 secrets", ms(startup[3]), f"`true`: {ms(startup[2])}", f"{r:.1f}×", "≤ 5×", r <= 5)
r = render[1] / render[0]
target("`render`, one placeholder, 10,000 unreferenced secrets", ms(render[1]), f"none: {ms(render[0])}",
       f"{r:.2f}×", "≤ 1.2×", r <= 1.2)
r = set_[1] / set_[0]
target("`set` into a scope of 10,000", ms(set_[1]), f"into an empty scope: {ms(set_[0])}", f"{r:.2f}×", "≤ 2×",
       r <= 2)
for n in (1000, 10000):
    r = sops[n] / open_[n][EXPORT]
    target(f"`export` of {n:,} values against `sops -d` (1.18, gnupg)", ms(open_[n][EXPORT]), f"sops: {ms(sops[n])}",
           f"{r:.0f}× faster", "≥ 50×", r >= 50)
r = open_[10000][EXPORT] / age[10000]
target("`export` of 10,000 values against `age -d` of one blob", ms(open_[10000][EXPORT]),
       f"age: {ms(age[10000])}", f"{r:.2f}×", "≤ 3×", r <= 3)

commands = [
    ("sealvault `check --open`", lambda n: open_[n][CHECK_OPEN]),
    ("sealvault `export`", lambda n: open_[n][EXPORT]),
    ("sealvault `check` (no opening)", lambda n: open_[n][CHECK]),
    ("C floor, one thread", lambda n: open_[n][FLOOR1]),
    ("C floor, 2 threads", lambda n: open_[n][FLOOR2]),
    ("sops 1.18 `-d`", lambda n: sops.get(n)),
    ("age `-d` (one blob)", lambda n: age[n]),
]
throughput = ["| secrets per second | " + " | ".join(f"{n:,}" for n in SIZES) + " |",
              "|---|" + "---|" * len(SIZES)]
for label, time in commands:
    cells = [f"{n / time(n):,.0f}" if time(n) else "—" for n in SIZES]
    throughput.append(f"| {label} | " + " | ".join(cells) + " |")

cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
commit = subprocess.run(["git", "-C", os.path.dirname(docs), "describe", "--always", "--dirty"], capture_output=True,
                        text=True).stdout.strip()
with open(os.path.join(results, "in-process.txt")) as f:
    in_process = f.read().strip()
report = f"""# A run of `make bench`

{datetime.date.today()}, commit {commit}; {platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}).
Every figure is hyperfine's median over its runs, whole processes; each ratio is against a
baseline timed in the same run. Written by `Benchmarks/report.py`; rerun with `make bench`.

## Issue 12's targets

| what | measured | baseline | ratio | target | met |
|---|---|---|---|---|---|
""" + "\n".join(rows) + """

## Opening throughput against N (batch shape: one `import`, so one key exchange)

""" + "\n".join(throughput) + """

sops 1.18 at 100,000 is not run (it would take minutes). The plot: `performance-open.png`.

## In process (`sealvault-bench`, best of five)

""" + in_process + "\n"
with open(os.path.join(docs, "performance-run.md"), "w") as f:
    f.write(report)

plt.figure(figsize=(7, 4.5))
for label, time in commands:
    if "no opening" in label:
        continue
    points = [(n, n / time(n)) for n in SIZES if time(n)]
    plt.plot(*zip(*points), marker="o", label=label.replace("`", ""))
plt.xscale("log")
plt.yscale("log")
plt.xlabel("values opened (N)")
plt.ylabel("values per second (whole process)")
plt.title("Opening N values, 2 cores")
plt.grid(True, which="both", alpha=0.3)
plt.legend(fontsize=8)
plt.tight_layout()
plt.savefig(os.path.join(docs, "performance-open.png"), dpi=110)
print(report)
