#!/usr/bin/env python3
"""`make bench`: boot Tessera under -icount shift=0 (every guest instruction
counts once, so figures repeat exactly on any host), run ipcbench, and
then fsbench, `pipetest bench`, ipcbench's figures of several harts and
spawn_wait_static on 4 harts, `blktest bench` (on a scratch disk) and
`fsbench fat` (fatfs on a scratch FAT32 volume at /disk) in the full system (config=None), and print their figures, one `name value unit` per line."""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "qemu"))
import harness  # noqa: E402


def run(program, config, args="", disks=(), ready=None, smp=None, keep=None, suffix=""):
    """Boots with init running `program args`, and prints the figures it
    prints between "<program>: start" and "<program>: done". False on failure.
    ready: a line to wait for (a driver serving its device) before the
    program is typed at the prompt, rather than run by init at boot.
    smp: harts (None: $SMP, else 1); keep: the only figures to print (None: all), each with
    suffix appended to its name."""
    # --icount: the program's figures are instruction counts (measure.h).
    line = f"{program} {args} --icount".replace("  ", " ")
    # The full system's console is the shell; the bare kernel's, init's test monitor.
    full_system = config is None
    machine = harness.Machine(append="" if ready else line, icount=True, config=config, disks=disks,
                              smp=smp, console="shell" if full_system else "init")
    try:
        if ready:
            machine.expect(ready, timeout=120)
            machine.send(line)  # typed ahead if the prompt is not there yet
        machine.expect(rf"{program}: start\n", timeout=120)
        start = machine.consumed
        machine.expect(rf"{program}: done\n", timeout=900)
        figures = re.findall(r"^(\w+) (\d+) (\w+)$", machine.output[start:machine.consumed], re.MULTILINE)
        machine.expect(r"\$ " if full_system else "init> ")
        machine.send("poweroff")  # /bin/poweroff at the shell, the monitor's built-in
        machine.wait_exit()
    except harness.Failure as e:
        print(f"{program} failed: {e}\n{machine.output}", file=sys.stderr)
        return False
    finally:
        machine.close()
    for name, value, unit in figures:
        if keep is None or name in keep:
            print(f"{name}{suffix} {value} {unit}")
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
    # Several harts (docs/benchmarks.md "Several harts"): ipcbench's SMP
    # figures, and spawning on a full system of 4 harts.
    ok = ok and run("ipcbench", config="none", args="smp", smp=4)
    ok = ok and run("fsbench", config=None, smp=4, keep=("spawn_wait_static",), suffix="_smp4")
    # The raw device: a 16 MiB scratch disk, never build/disk.img. Scratch
    # disks use QEMU's cache=unsafe: the guest's flush is answered without
    # the host's fdatasync, whose wait would count (docs/benchmarks.md).
    with tempfile.NamedTemporaryFile(prefix="tessera-bench-", suffix=".img") as disk:
        disk.truncate(16 << 20)
        disk.flush()
        scratch_disk = harness.qemu.Disk(disk.name, cache="unsafe")
        ok = ok and run("blktest", config=None, args="bench blk0", disks=[scratch_disk],
                        ready=r"virtio-blk: /dev/blk0: ")
    # fatfs on /disk: a fresh 64 MiB FAT32 volume made by mkfs.fat.
    with tempfile.TemporaryDirectory(prefix="tessera-bench-") as scratch:
        volume = os.path.join(scratch, "fat.img")
        subprocess.run(["mkfs.fat", "-C", "-F", "32", volume, str(64 * 1024)], check=True, stdout=subprocess.DEVNULL)
        ok = ok and run("fsbench", config=None, args="fat", disks=[harness.qemu.Disk(volume, cache="unsafe")],
                        ready=r"fatfs: fat32, ")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
