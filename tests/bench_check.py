#!/usr/bin/env python3
"""Runs `make bench` (apps/ipcbench/run.py) and fails if any figure is more
than 5 % worse than its value in tests/bench_baseline.txt (above it; below
it for a throughput), or is missing. Under
-icount the figures are exact instruction counts, so a rise is a change in
the code, not noise; the exception is fatfs's figures, which wait on the
disk (fatfs and the block driver) and are left out (UNCHECKED below). Figures that get better pass (and are listed,
so the baseline can follow them).

    python3 tests/bench_check.py --build build            # the check
    python3 tests/bench_check.py --build build --update   # record the figures as the new baseline

Update the baseline in the commit that makes a figure better (or, with the
reason in the commit message, one that accepts it getting worse)."""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BASELINE = os.path.join(HERE, "bench_baseline.txt")
RUN = os.path.join(HERE, "..", "apps", "ipcbench", "run.py")
TOLERANCE = 1.05
# fatfs's figures wait on the disk: when QEMU's I/O thread completes a
# request is not pinned by -icount, and how much fatfs's cache and
# read-ahead then do varies with the host's load: the same code gave
# fat_write_seq_1MiB from 28,138 to 57,730 per KiB in four runs. They
# (and open_close_fat, also fatfs's) are printed by `make bench` but
# neither recorded nor checked. The raw device's blk_* figures wait on the
# host too: on a quiet host they repeat within 1 %, but with the host busy
# (make test runs two checks at once) the idle hart's timer ticks while a
# request is on the host's disk count, and they came out 7 % to 100 % above
# (438 -> 796 per KiB); so they are left out as well.
UNCHECKED = ("fat_", "open_close_fat", "blk_")


def higher_is_better(unit):
    """Throughputs (ipc_scaling's round trips per million instructions) are
    better higher; every other figure is a cost."""
    return unit.startswith("roundtrips_per")


def checked(name):
    return not name.startswith(UNCHECKED)


HEADER = """\
# The `make bench` figures that tests/bench_check.py compares against: a
# figure more than 5 % above its value here fails `make test` (the figures
# of fatfs and the block driver wait on the disk and are not checked). Regenerate with:
#   python3 tests/bench_check.py --build build --update
"""
LINE = re.compile(r"^(\w+) (\d+) (\w+)$")


def parse(text):
    """{name: (value, unit)} from `name value unit` lines; others are ignored,
    and so are counts (runs, round trips per operation, requests in flight),
    which describe a benchmark rather than measure it."""
    figures = {}
    for line in text.splitlines():
        m = LINE.match(line.strip())
        if m and m.group(3) != "count":
            figures[m.group(1)] = (int(m.group(2)), m.group(3))
    return figures


def compare(baseline, current):
    """The failures (one line each) and the figures that went down."""
    failures, improved = [], []
    for name, (base, unit) in baseline.items():
        if not checked(name):
            continue
        if name not in current:
            failures.append(f"{name}: missing from the run (baseline {base} {unit})")
            continue
        value = current[name][0]
        # A cost fails when it rises past the tolerance, a throughput when
        # it falls past it.
        if higher_is_better(unit):
            worse, better = value * TOLERANCE < base, value > base
        else:
            worse, better = value > base * TOLERANCE, value < base
        if worse:
            failures.append(f"{name}: {value} {unit}, {100 * (value - base) / base:+.1f} % off the baseline {base}")
        elif better:
            improved.append(f"{name}: {value} {unit} (baseline {base})")
    return failures, improved


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=os.environ.get("TESSERA_BUILD", "build"))
    parser.add_argument("--update", action="store_true", help="write the figures to the baseline file")
    args = parser.parse_args()
    run = subprocess.run([sys.executable, RUN, "--build", args.build], capture_output=True, text=True)
    if run.returncode != 0:
        print(f"make bench failed:\n{run.stdout}\n{run.stderr}")
        return 1
    current = {name: figure for name, figure in parse(run.stdout).items() if checked(name)}
    if args.update:
        with open(BASELINE, "w") as f:
            f.write(HEADER + "".join(f"{n} {v} {u}\n" for n, (v, u) in current.items()))
        print(f"{len(current)} figures written to {BASELINE}")
        return 0
    with open(BASELINE) as f:
        baseline = parse(f.read())
    failures, improved = compare(baseline, current)
    for line in improved:
        print(f"better: {line}")
    for name in current.keys() - baseline.keys():
        print(f"new (not in the baseline): {name} {current[name][0]} {current[name][1]}")
    for line in failures:
        print(f"REGRESSION: {line}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
