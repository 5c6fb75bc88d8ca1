#!/usr/bin/env python3
"""The stress test (apps/stress, issue #12 §5) on 4 harts: 8 client/server
pairs, one process killed and a pair started every 250 ms, every message
checked, a watchdog that prints every pair's state if one stops; then the
harness's leak check runs it again and the kernel's memory must come back.

Usage: stress_test.py CHECK            short: 2 seconds (meson runs it)
       stress_test.py --long SECONDS   `make stress` (10 seconds)"""
import re
import sys

from harness import Checks

PAIRS = 8
HARTS = 4


def stress(seconds):
    def check(m):
        out = m.run(f"stress {seconds} {PAIRS}", timeout=60 + 4 * seconds)
        assert "PASS stress" in out and "init: stress exited with status 0" in out, out
        summary = re.search(r"stress: (\d+) pairs for \d+ s: (\d+) rounds of \d+ messages, (\d+) processes killed, "
                            r"(\d+) pairs started", out)
        assert summary, out
        pairs, rounds, killed, started = map(int, summary.groups())
        # A new pair after each kill during the run, and each pair's client
        # killed at the end: as many kills as pairs started, more than PAIRS.
        assert pairs == PAIRS and rounds > 0 and killed > PAIRS and started == killed, out
    return check


if __name__ == "__main__":
    checks = Checks()
    if sys.argv[1:2] == ["--long"]:
        seconds = int(sys.argv[2])
        checks.run(f"stress {seconds}", stress(seconds), smp=HARTS)
        checks.finish()
    for name in sys.argv[1:]:
        checks.run(name, {"short": stress(2)}[name], smp=HARTS)
    checks.finish()
