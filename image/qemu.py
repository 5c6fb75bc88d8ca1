#!/usr/bin/env python3
"""The one QEMU command line that boots Tessera.

Used by `make run`, `make gdb` and `make bench`, and imported by the QEMU
tests, so every way of booting the system boots it the same way:
QEMU's `virt` machine, Debian's OpenSBI (`-bios default`) loading the kernel
at 0x80200000, the boot archive as `-initrd`, the serial console on stdio.
"""
import argparse
import collections
import os
import subprocess
import sys
import threading

# The kernel's first line: OpenSBI has set the UART up by then.
KERNEL_STARTED = b"Tessera microkernel"


# A raw disk image on virtio-blk; read_only: QEMU's readonly=on (the device
# offers VIRTIO_BLK_F_RO); errors: a blkdebug rules file that makes chosen
# requests fail (the guest sees a device error); block_size: the logical
# block size the device offers (VIRTIO_BLK_F_BLK_SIZE), 512 if None; cache:
# QEMU's cache mode, "writeback" if None. `make bench` gives its scratch
# disks "unsafe": the device still offers VIRTIO_BLK_F_FLUSH and a flush
# takes the guest's whole path, but QEMU answers it without the host's
# fdatasync, whose wait would count as guest instructions (benchmarks.md);
# iops: QEMU's throttling.iops-total, so requests wait in the device and a
# test sees them overlap there, however fast the host is.
Disk = collections.namedtuple("Disk", "path read_only errors block_size cache iops",
                              defaults=(False, None, None, None, None))


def disk_args(index, disk):
    """Disk number index sits on virtio-mmio slot index (bus
    virtio-mmio-bus.N is the slot at 0x10001000 + N * 0x1000), so the
    guest's blkN is the Nth disk given."""
    if isinstance(disk, str):
        disk = Disk(disk)
    name = f"blkdebug:{disk.errors}:{disk.path}" if disk.errors else disk.path
    # Errors reach the guest as errors (rerror/werror=report), never pause QEMU.
    options = (",readonly=on" if disk.read_only else "") + (",rerror=report,werror=report" if disk.errors else "")
    options += f",cache={disk.cache}" if disk.cache else ""
    options += f",throttling.iops-total={disk.iops}" if disk.iops else ""
    sizes = f",logical_block_size={disk.block_size},physical_block_size={disk.block_size}" if disk.block_size else ""
    return [
        "-drive", f"file={name},if=none,format=raw,id=disk{index}{options}",
        "-device", f"virtio-blk-device,drive=disk{index},bus=virtio-mmio-bus.{index}{sizes}",
    ]


def command(build_dir, smp=1, mem="128M", disk=None, append="", icount=False, gdb=None, disks=(),
            virtio_modern=False):
    """disk: one disk (a path or a Disk); disks: several, blk0 first.
    virtio_modern: virtio-mmio version 2 (virtio 1.x) instead of QEMU's
    default, version 1 (legacy)."""
    cmd = [
        "qemu-system-riscv64",
        "-machine", "virt",
        "-bios", "default",
        "-kernel", os.path.join(build_dir, "kernel", "kernel.bin"),
        "-initrd", os.path.join(build_dir, "image", "boot.cpio"),
        "-m", str(mem),
        "-smp", str(smp),
        "-display", "none",
        "-serial", "stdio",
        "-monitor", "none",
        "-no-reboot",
    ]
    if append:
        cmd += ["-append", append]
    for index, d in enumerate(([disk] if disk else []) + list(disks)):
        cmd += disk_args(index, d)
    if virtio_modern:
        cmd += ["-global", "virtio-mmio.force-legacy=false"]
    if icount:
        # Deterministic: one instruction per virtual nanosecond, so rdinstret
        # and rdcycle count guest instructions exactly.
        cmd += ["-icount", "shift=0"]
    if gdb:
        # Halted at the first instruction until gdb attaches to the port.
        cmd += ["-S", "-gdb", f"tcp:127.0.0.1:{gdb}"]
    return cmd


def run_with_script(cmd):
    """Runs QEMU with stdin a script (a pipe or a file, not a terminal): its
    lines are held back until the kernel has started. OpenSBI resets the
    UART's FIFO when it starts, and what QEMU delivered before that would be
    lost; after it, input waits in the UART until a reader takes it."""
    qemu = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    started = threading.Event()

    def feed():
        started.wait()
        try:
            for chunk in iter(lambda: sys.stdin.buffer.read1(4096), b""):
                qemu.stdin.write(chunk)
                qemu.stdin.flush()
        except BrokenPipeError:
            pass  # QEMU has ended

    threading.Thread(target=feed, daemon=True).start()
    seen = b""
    for chunk in iter(lambda: qemu.stdout.read1(4096), b""):
        sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        if not started.is_set():
            seen = (seen + chunk)[-len(KERNEL_STARTED) - 4096:]
            if KERNEL_STARTED in seen:
                started.set()
    return qemu.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default="build")
    parser.add_argument("--smp", default=os.environ.get("SMP") or "1")
    parser.add_argument("--mem", default=os.environ.get("MEM") or "128M")
    parser.add_argument("--disk", default=os.environ.get("DISK") or None)
    parser.add_argument("--disks", default=os.environ.get("DISKS") or "",
                        help="several raw disk images, space-separated: blk0, blk1, ...")
    parser.add_argument("--virtio-modern", action="store_true", default=os.environ.get("VIRTIO_MODERN", "0") not in ("", "0"),
                        help="virtio-mmio version 2 (virtio 1.x) instead of QEMU's legacy version 1")
    parser.add_argument("--append", default=os.environ.get("APPEND", ""))
    parser.add_argument("--icount", action="store_true")
    parser.add_argument("--gdb", nargs="?", const="1234", metavar="PORT",
                        help="wait for gdb on PORT (default 1234)")
    args = parser.parse_args()
    cmd = command(args.build, args.smp, args.mem, args.disk, args.append, args.icount, args.gdb,
                  disks=args.disks.split(), virtio_modern=args.virtio_modern)
    if not args.gdb and not sys.stdin.isatty():
        return run_with_script(cmd)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    sys.exit(main())
