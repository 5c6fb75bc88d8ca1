#!/usr/bin/env python3
"""tests/bench_check.py's comparison: what fails and what passes."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bench_check  # noqa: E402

BASELINE = bench_check.parse("""\
# a comment
ipc_null_roundtrip 500 instructions
read_1MiB_ramfs 380 instructions_per_KiB
read_1MiB_ramfs_runs 50 count
fat_stat 700000 instructions
ipc_scaling_4pairs 7000 roundtrips_per_million_instructions
""")


def check(current, failing, improved=0):
    failures, better = bench_check.compare(BASELINE, bench_check.parse(current))
    assert [f.split(":")[0] for f in failures] == failing, failures
    assert len(better) == improved, better


def main():
    assert "read_1MiB_ramfs_runs" not in BASELINE  # counts describe, they do not measure
    same = ("ipc_null_roundtrip 500 instructions\nread_1MiB_ramfs 380 instructions_per_KiB\nfat_stat 700000 instructions\n"
            "ipc_scaling_4pairs 7000 roundtrips_per_million_instructions\n")
    check(same, [])
    check(same.replace("500", "525"), [])                         # exactly 5 % more
    check(same.replace("500", "526"), ["ipc_null_roundtrip"])     # past 5 %
    check(same.replace("500", "300"), [], improved=1)             # better passes
    check(same.replace("380", "400"), ["read_1MiB_ramfs"])
    check(same.replace("700000", "2000000"), [])                  # fat_*: waits on the disk, not checked
    check(same.replace("7000", "6600"), ["ipc_scaling_4pairs"])  # a throughput fails when it falls
    check(same.replace("7000", "9000"), [], improved=1)         # and passes when it rises
    check("ipc_null_roundtrip 500 instructions\nnew_figure 9 instructions\n",
          ["read_1MiB_ramfs", "ipc_scaling_4pairs"])                                     # missing fails (fat_* aside), new passes
    print("bench_check: ok")


if __name__ == "__main__":
    main()
