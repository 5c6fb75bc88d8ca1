#!/usr/bin/env python3
"""`make bench`: boot Tessera under -icount shift=0 (every guest instruction
counts once, so figures repeat exactly on any host), run ipcbench, and
then fsbench and `pipetest bench` in the full system (config=None), and print their figures, one `name value unit` per line."""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "qemu"))
import harness  # noqa: E402


def run(program, config, args=""):
    """Boots with init running `program args`, and prints the figures it
    prints between "<program>: start" and "<program>: done". False on failure."""
    # --icount: the program's figures are instruction counts (measure.h).
    command = f"{program} {args}".strip()
    machine = harness.Machine(append=f"{command} --icount", icount=True, config=config)
    try:
        machine.expect(rf"{program}: start\n", timeout=120)
        start = machine.consumed
        machine.expect(rf"{program}: done\n", timeout=900)
        figures = re.findall(r"^(\w+) (\d+) (\w+)$", machine.output[start:machine.consumed], re.MULTILINE)
        machine.expect("init> ")
        machine.send("poweroff")
        machine.wait_exit()
    except harness.Failure as e:
        print(f"{program} failed: {e}\n{machine.output}", file=sys.stderr)
        return False
    finally:
        machine.close()
    for name, value, unit in figures:
        print(f"{name} {value} {unit}")
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default="build")
    args = parser.parse_args()
    harness.BUILD = args.build
    # ipcbench on the bare kernel; the file and process figures need the
    # full system (etc/boot.conf): init runs fsbench through procmgr, and
    # pipetest's pipes need the pipe server.
    ok = (run("ipcbench", config="none") and run("fsbench", config=None)
          and run("pipetest", config=None, args="bench"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
