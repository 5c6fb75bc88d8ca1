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

--full traces fsbench in the full system instead (init runs `fsbench
--icount`), across the programs it talks to (--programs): each step
records satp, and an address space is given to the program whose code
has the stepped instruction words at those addresses. A step over sret
runs to sepc (or to the next trap), a kernel ecall to OpenSBI to the
instruction after it (OpenSBI's own are not counted), and --end must be
reached in the address space the trace started in. Stepping lets QEMU's
clock run while the guest stands still, so most kernel entries also take
a timer interrupt: the summary counts user mode by program and leaves out
every kernel stretch that handled an interrupt.

  python3 apps/ipcbench/trace.py --build build --full 0x1041a 0x1048e
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


# The same, for --full: satp and the instruction word with each address.
GDB_SCRIPT_FULL = """
import gdb
gdb.execute("set pagination off")
gdb.execute("target remote 127.0.0.1:{port}")
def word_at(address):
    try:
        return int(gdb.parse_and_eval("*(unsigned int*){{}}".format(address))) & 0xffffffff
    except gdb.MemoryError:  # not mapped in the current satp
        return 0
def reg(name):
    return int(gdb.parse_and_eval("$" + name)) & 0xffffffffffffffff
def run_to(*targets):
    points = [gdb.Breakpoint("*0x%x" % t, temporary=True) for t in targets]
    gdb.execute("continue", to_string=True)
    for point in points:
        if point.is_valid():
            point.delete()
stop = gdb.Breakpoint("*{start}")
hits = 0
while hits < {skip}:
    gdb.execute("continue", to_string=True)
    if reg("pc") == {start} and word_at({start}) & {mask} == {word}:
        hits += 1
stop.delete()
space = first = reg("satp")
in_kernel = False
with open("{out}", "w") as out:
    for _ in range({limit}):
        pc = reg("pc")
        kernel = pc >= 1 << 63
        if in_kernel and not kernel:
            space = reg("satp")
        in_kernel = kernel
        word = word_at(pc)
        out.write("%x %x %x\\n" % (pc, space, word))
        if pc == {end} and word & {mask} == {word} and space == first:
            break
        if word == 0x73 and kernel:
            run_to(pc + 4)
        elif word == 0x73:
            run_to({trap_vector})
        elif word == 0x10200073:  # sret
            run_to(reg("sepc"), {trap_vector})
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


def words(elf):
    """The instruction word (a half-word when compressed) at each code address."""
    out = subprocess.run(["riscv64-linux-gnu-objdump", "-d", elf], capture_output=True, text=True, check=True)
    table = {}
    for line in out.stdout.splitlines():
        address, sep, rest = line.partition(":\t")
        if sep and address.strip():
            try:
                table[int(address, 16)] = int(rest.split()[0], 16)
            except (ValueError, IndexError):
                pass
    return table


def report_full(steps, kernel, programs):
    """Prints each step with its program and function, then user mode's
    count by program and function, without the interrupts' stretches."""
    kernel_symbols, kernel_code = symbols(kernel), disassembly(kernel)
    users = [(os.path.basename(p), symbols(p), disassembly(p), words(p)) for p in programs]
    votes = collections.defaultdict(collections.Counter)
    for pc, space, word in steps:
        for index, (_, _, _, image) in enumerate(users):
            if pc < 1 << 63 and image.get(pc) in (word, word & 0xffff):
                votes[space][index] += 1
    owner = {space: counts.most_common(1)[0][0] for space, counts in votes.items()}
    named = []
    for pc, space, _ in steps:
        if pc >= 1 << 63:
            program, table, code = "kernel", kernel_symbols, kernel_code
        elif space in owner:
            program, table, code, _ = users[owner[space]]
        else:
            program, table, code = "?", [], {}
        i = bisect.bisect_right([a for a, _ in table], pc) - 1
        function = table[i][1] if i >= 0 else "?"
        named.append((program, function))
        print(f"{pc:x}  {code.get(pc, '?'):40}  {program}: {function}")
    # A kernel stretch (between two user instructions) that took an
    # interrupt is the stepping's, not the operation's.
    kept, stretch = [], []
    for program, function in named + [("end", "")]:
        if program == "kernel":
            stretch.append((program, function))
            continue
        if not any(f.startswith("kernel::handle_interrupt") for _, f in stretch):
            kept += stretch
        stretch = []
        if program != "end":
            kept.append((program, function))
    print(f"\n{len(steps)} instructions stepped, {len(kept)} without the interrupts' kernel stretches")
    for program, count in collections.Counter(p for p, _ in kept).most_common():
        print(f"{count:6}  {program}")
    print()
    for name, count in collections.Counter(f"{p}: {f}" for p, f in kept).most_common():
        print(f"{count:6}  {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("start", help="user address to stop at (hex)")
    parser.add_argument("end", help="address to stop stepping at (hex), included in the trace")
    parser.add_argument("--skip", type=int, default=300, help="runs of START to let pass first")
    parser.add_argument("--word", default="0xc0202073", help="the instruction expected at START, under --mask")
    parser.add_argument("--mask", default="0xfffff07f")
    parser.add_argument("--limit", type=int, default=20000, help="most instructions to step")
    parser.add_argument("--full", action="store_true", help="trace fsbench in the full system")
    parser.add_argument("--programs", default="apps/fsbench,servers/vfs/vfs,servers/ramfs/ramfs",
                        help="with --full: the user programs under --build, comma-separated")
    args = parser.parse_args()

    kernel = os.path.join(args.build, "kernel", "kernel.elf")
    program = os.path.join(args.build, "apps", "ipcbench")
    kernel_symbols, user_symbols = symbols(kernel), symbols(program)
    trap_vector = next(a for a, name in kernel_symbols if name == "trap_vector")
    port = str(20000 + os.getpid() % 10000)
    append = "fsbench --icount" if args.full else "--config=none ipcbench --icount"
    cmd = qemu.command(args.build, smp=1, append=append, icount=True, gdb=port)
    with tempfile.TemporaryDirectory() as scratch:
        trace, script = os.path.join(scratch, "trace"), os.path.join(scratch, "steps.py")
        with open(script, "w") as f:
            f.write((GDB_SCRIPT_FULL if args.full else GDB_SCRIPT).format(
                port=port, start=args.start, end=args.end, skip=args.skip, word=args.word, mask=args.mask,
                limit=args.limit, out=trace, trap_vector=hex(trap_vector)))
        machine = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        try:
            subprocess.run(["gdb-multiarch", "-batch", "-nx", "-ex", "set architecture riscv:rv64", "-x", script],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3600)
        finally:
            machine.kill()
            machine.wait()
        if args.full:
            steps = [[int(field, 16) for field in line.split()] for line in open(trace)]
        else:
            pcs = [int(line, 16) for line in open(trace)]
    if args.full:
        report_full(steps, kernel, [os.path.join(args.build, p) for p in args.programs.split(",")])
        return 0

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
