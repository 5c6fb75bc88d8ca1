#!/usr/bin/env python3
"""Prints the closing line of `make test`: "N passed, N failed", counting
every meson test (each host test executable and each QEMU check)."""
import json
import sys

passed = failed = skipped = 0
with open(sys.argv[1]) as log:
    for line in log:
        try:
            result = json.loads(line)["result"]
        except (ValueError, KeyError):
            continue  # a line cut short by a concurrent run
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
