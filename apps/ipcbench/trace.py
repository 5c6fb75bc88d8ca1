#!/usr/bin/env python3
"""Every instruction of one measured operation, for docs/benchmarks.md's
breakdowns: boots `ipcbench --icount` under QEMU's gdb stub, stops at a
user address (the first rdinstret of a figure's loop in
build/apps/ipcbench, found with objdump) once the instruction there has
run --skip times (past the warm-up), then single-steps until --end,
printing each instruction with its function and a count by function.

  python3 apps/ipcbench/trace.py --build build 0x1053c 0x1055e

QEMU's gdb stub steps over a trap as one instruction, so at an ecall the
trace goes on at trap_vector; a step over sret lands after the next trap,
so give the kernel's sret as --end to follow one direction of a round
trip. The address is a user one: every program is linked at the same
base, so the stop also checks the instruction word there (--word,
--mask: rdinstret by default).
"""
import argparse
import bisect
import collections
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "image"))
import qemu  # noqa: E402

# Runs inside gdb: stop at START with the expected word, SKIP times; then step.
GDB_SCRIPT = """
import gdb
gdb.execute("set pagination off")
gdb.execute("target remote 127.0.0.1:{port}")
def word_at(address):
    return int(gdb.parse_and_eval("*(unsigned int*){{}}".format(address))) & 0xffffffff
def pc():
    return int(gdb.parse_and_eval("$pc")) & 0xffffffffffffffff
stop = gdb.Breakpoint("*{start}")
hits = 0
while hits < {skip}:
    gdb.execute("continue", to_string=True)
    if pc() == {start} and word_at({start}) & {mask} == {word}:
        hits += 1
stop.delete()
with open("{out}", "w") as out:
    for _ in range({limit}):
        out.write("%x\\n" % pc())
        if pc() == {end}:
            break
        if word_at(pc()) == 0x73:  # ecall
            gdb.Breakpoint("*{trap_vector}", temporary=True)
            gdb.execute("continue", to_string=True)
        else:
            gdb.execute("stepi", to_string=True)
gdb.execute("kill")
"""


def symbols(elf):
    out = subprocess.run(["riscv64-linux-gnu-nm", "-C", "-n", elf], capture_output=True, text=True, check=True)
    table = []
    for line in out.stdout.splitlines():
        parts = line.split(None, 2)
        if len(parts) == 3 and parts[1] in "tTwW":
            table.append((int(parts[0], 16), parts[2]))
    return table


def disassembly(elf):
    out = subprocess.run(["riscv64-linux-gnu-objdump", "-d", "--no-show-raw-insn", elf], capture_output=True,
                         text=True, check=True)
    lines = {}
    for line in out.stdout.splitlines():
        address, sep, rest = line.partition(":\t")
        if sep and address.strip():
            try:
                lines[int(address, 16)] = rest.strip()
            except ValueError:
                pass
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("start", help="user address to stop at (hex)")
    parser.add_argument("end", help="address to stop stepping at (hex), included in the trace")
    parser.add_argument("--skip", type=int, default=300, help="runs of START to let pass first")
    parser.add_argument("--word", default="0xc0202073", help="the instruction expected at START, under --mask")
    parser.add_argument("--mask", default="0xfffff07f")
    parser.add_argument("--limit", type=int, default=20000, help="most instructions to step")
    args = parser.parse_args()

    kernel = os.path.join(args.build, "kernel", "kernel.elf")
    program = os.path.join(args.build, "apps", "ipcbench")
    kernel_symbols, user_symbols = symbols(kernel), symbols(program)
    trap_vector = next(a for a, name in kernel_symbols if name == "trap_vector")
    port = str(20000 + os.getpid() % 10000)
    cmd = qemu.command(args.build, smp=1, append="--config=none ipcbench --icount", icount=True, gdb=port)
    with tempfile.TemporaryDirectory() as scratch:
        trace, script = os.path.join(scratch, "trace"), os.path.join(scratch, "steps.py")
        with open(script, "w") as f:
            f.write(GDB_SCRIPT.format(port=port, start=args.start, end=args.end, skip=args.skip, word=args.word,
                                      mask=args.mask, limit=args.limit, out=trace, trap_vector=hex(trap_vector)))
        machine = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        try:
            subprocess.run(["gdb-multiarch", "-batch", "-nx", "-ex", "set architecture riscv:rv64", "-x", script],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3600)
        finally:
            machine.kill()
            machine.wait()
        pcs = [int(line, 16) for line in open(trace)]

    code = {**disassembly(program), **disassembly(kernel)}
    by_function = collections.Counter()
    for pc in pcs:
        table = kernel_symbols if pc >= 1 << 63 else user_symbols
        i = bisect.bisect_right([a for a, _ in table], pc) - 1
        name = table[i][1] if i >= 0 else "?"
        by_function[name] += 1
        print(f"{pc:x}  {code.get(pc, '?'):40}  {name}")
    print(f"\n{len(pcs)} instructions")
    for name, count in by_function.most_common():
        print(f"{count:6}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
