#!/usr/bin/env python3
"""`make bench`: boot Tessera under -icount shift=0 (every guest instruction
counts once, so figures repeat exactly on any host), run ipcbench, and
then fsbench in the full system (config=None), and print their figures, one `name value unit` per line."""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "qemu"))
import harness  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default="build")
    args = parser.parse_args()
    harness.BUILD = args.build
    machine = harness.Machine(append="ipcbench", icount=True)
    try:
        machine.expect(r"ipcbench: start\n", timeout=60)
        start = machine.consumed
        machine.expect(r"ipcbench: done\n", timeout=900)
        figures = re.findall(r"^(\w+) (\d+) (\w+)$", machine.output[start:machine.consumed], re.MULTILINE)
        machine.expect("init> ")
        machine.send("poweroff")
        machine.wait_exit()
    except harness.Failure as e:
        print(f"ipcbench failed: {e}\n{machine.output}", file=sys.stderr)
        return 1
    finally:
        machine.close()
    for name, value, unit in figures:
        print(f"{name} {value} {unit}")
    # The file and process figures need the full system (etc/boot.conf):
    # init runs fsbench, its command-line program, through procmgr.
    machine = harness.Machine(append="fsbench", icount=True, config=None)
    try:
        machine.expect(r"fsbench: start\n", timeout=120)
        start = machine.consumed
        machine.expect(r"fsbench: done\n", timeout=900)
        figures = re.findall(r"^(\w+) (\d+) (\w+)$", machine.output[start:machine.consumed], re.MULTILINE)
        machine.expect("init> ")
        machine.send("poweroff")
        machine.wait_exit()
    except harness.Failure as e:
        print(f"fsbench failed: {e}\n{machine.output}", file=sys.stderr)
        return 1
    finally:
        machine.close()
    for name, value, unit in figures:
        print(f"{name} {value} {unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
