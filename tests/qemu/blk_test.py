#!/usr/bin/env python3
"""QEMU tests of drivers/virtio-blk through the full system (etc/boot.conf:
init finds the block devices, starts one driver each, /dev/blkN), driven
from the shell on the console (shell_test.py's Shell). Each check makes
its own disk images in a temporary directory (never build/disk.img), fills
them with a pattern blktest knows, runs `blktest` subcommands
(apps/blktest) and then checks on the host, in the image files, what the
guest wrote and that nothing else changed.
Usage: blk_test.py CHECK..."""
import os
import re
import subprocess
import sys
import tempfile

from harness import killed_and_back, run_disk_checks
from shell_test import PROMPT, Shell

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "image"))
from qemu import Disk  # noqa: E402

MKDISK = os.path.join(HERE, "..", "..", "image", "mkdisk.py")

BLOCK = 512
BLOCKS = 8192  # 4 MiB images
HOST_SEED = 3  # what the host writes
RW_SEED = 7  # what `blktest rw` writes (apps/blktest/checks.cc)
RW_BLOCK = 1000
# `blktest parallel` (apps/blktest/parallel.cc): 32 threads, 8 rounds, 32 blocks each from 2000.
PARALLEL = dict(threads=32, rounds=8, blocks=32, first=2000)

_SHIFT = [bytes((x + b) & 0xFF for x in range(256)) for b in range(256)]

scratch = tempfile.TemporaryDirectory(prefix="tessera-blk-")


def pattern(block, seed, size=BLOCK):
    """apps/blktest/blktest.h's pattern(): the bytes of a block of `size`
    bytes in pattern seed."""
    row = bytes((i * 7) & 0xFF for i in range(size)) if size != BLOCK else _ROW
    return row.translate(_SHIFT[(block * 131 + seed * 59 + (block >> 8)) & 0xFF])


_ROW = bytes((i * 7) & 0xFF for i in range(BLOCK))


def make_image(name, seed=HOST_SEED, blocks=BLOCKS):
    path = os.path.join(scratch.name, name)
    with open(path, "wb") as f:
        for block in range(blocks):
            f.write(pattern(block, seed))
    return path


def expect_blocks(path, seeds):
    """seeds(block) -> the pattern each block must hold."""
    with open(path, "rb") as f:
        data = f.read()
    assert len(data) == BLOCKS * BLOCK, len(data)
    for block in range(BLOCKS):
        got = data[block * BLOCK:(block + 1) * BLOCK]
        if got != pattern(block, seeds(block)):
            raise AssertionError(f"{os.path.basename(path)}: block {block} does not hold pattern {seeds(block)}")


def after_rw(block):
    """The image after `blktest rw`: 128 blocks (64 KiB) at RW_BLOCK, the first and the last."""
    return RW_SEED if block in (0, BLOCKS - 1) or RW_BLOCK <= block < RW_BLOCK + 128 else HOST_SEED


def passes(s, command, name, timeout=120):
    out, status = s.run(command, timeout=timeout)
    assert f"PASS {name}" in out and status == 0, (status, out)
    return out


def serving(m, version):
    m.expect(rf"virtio-blk: /dev/blk0: virtio-mmio v{version}, {BLOCKS} blocks of 512 bytes", 60)


def reads_writes(version):
    def check(m):
        serving(m, version)
        s = Shell(m)
        out = passes(s, "blktest info blk0", "info")
        assert f"blk0: {BLOCKS} blocks of 512 bytes, read-write, at most 128 blocks a request" in out, out
        passes(s, f"blktest pattern blk0 {HOST_SEED}", "pattern")
        passes(s, "blktest rw blk0", "rw")
        expect_blocks(m.image, after_rw)  # flushed: in the host's file now
        passes(s, "blktest errors blk0", "errors")
    return check


def parallel(m):
    serving(m, 1)
    out = passes(Shell(m), "blktest parallel blk0", "parallel", timeout=180)
    print(re.search(r"at most \d+ of \d+ slots in flight", out).group(0))  # blktest checked it is 2 or more
    p = PARALLEL

    def seeds(block):
        thread = (block - p["first"]) // p["blocks"]
        if 0 <= thread < p["threads"] and block >= p["first"]:
            return 100 + thread * p["rounds"] + p["rounds"] - 1  # the last round's
        return HOST_SEED
    expect_blocks(m.image, seeds)


def two_disks(m):
    # The two drivers start together: either may be up first.
    first = m.expect(r"virtio-blk: /dev/blk([01]): virtio-mmio v1", 60).group(1)
    m.expect(rf"virtio-blk: /dev/blk{1 - int(first)}: virtio-mmio v1", 60)
    s = Shell(m)
    passes(s, f"blktest pattern blk0 {HOST_SEED}", "pattern")
    passes(s, "blktest pattern blk1 5", "pattern")
    passes(s, "blktest rw blk1", "rw")
    expect_blocks(m.images[0], lambda b: HOST_SEED)
    expect_blocks(m.images[1], lambda b: RW_SEED if after_rw(b) == RW_SEED else 5)


def read_only(m):
    m.expect(r"virtio-blk: /dev/blk0: virtio-mmio v1, \d+ blocks of 512 bytes, read-only", 60)
    s = Shell(m)
    passes(s, "blktest readonly blk0", "readonly")
    passes(s, f"blktest pattern blk0 {HOST_SEED}", "pattern")
    expect_blocks(m.image, lambda b: HOST_SEED)


IO_ERROR_SECTOR = 4000


def io_error(m):
    serving(m, 1)
    passes(Shell(m), f"blktest ioerror blk0 {IO_ERROR_SECTOR}", "ioerror")


def abandon(m):
    serving(m, 1)
    s = Shell(m)
    out = passes(s, "blktest abandon blk0", "abandon", timeout=180)
    given_up = re.search(r"blktest: (\d+) of (\d+) calls gave up waiting", out)
    assert given_up and int(given_up.group(1)) > 0, out  # else it checked nothing
    passes(s, "blktest errors blk0", "errors")


def restart(m):
    serving(m, 1)
    s = Shell(m)
    passes(s, "blktest rw blk0", "rw")
    # init logs that it serves once the new driver has registered with devfs.
    killed_and_back(s, "blk0")
    out, status = s.run("blktest pattern blk0 7")  # what rw wrote at block 0 is on the disk; the rest is not
    assert "FAIL pattern: block 1 does not hold pattern 7" in out and status != 0, (status, out)
    passes(s, "blktest rw blk0", "rw")
    expect_blocks(m.image, after_rw)


def default_disk(m):
    """The disk `make run` makes (image/mkdisk.py), made here in the
    scratch directory: FAT32 by the host's tools, served whole, made once."""
    m.expect(r"virtio-blk: /dev/blk0: virtio-mmio v1, 131072 blocks of 512 bytes", 60)
    passes(Shell(m), "blktest info blk0", "info")
    subprocess.run(["fsck.fat", "-n", m.image], check=True, stdout=subprocess.DEVNULL)
    listing = subprocess.run(["mdir", "-/", "-i", m.image, "::"], check=True, capture_output=True, text=True).stdout
    assert "A file with a long name.txt" in listing and "Deeper still" in listing, listing
    with open(m.image, "rb") as f:
        before = f.read()
    subprocess.run([sys.executable, MKDISK, m.image], check=True)  # there already: left alone
    with open(m.image, "rb") as f:
        assert f.read() == before, "mkdisk.py changed an existing image"


def with_default_disk(name):
    path = os.path.join(scratch.name, f"{name}.img")
    subprocess.run([sys.executable, MKDISK, path], check=True, stdout=subprocess.DEVNULL)
    return path, {"config": None, "console": "shell", "disks": [path]}


LARGE_IMAGE_SECTORS = 8 * BLOCKS  # 32 MiB: blktest rw writes at 4 KiB block 1000


def large_blocks(m):
    """A device with 4 KiB logical blocks: the driver serves 4 KiB blocks
    and addresses the device in 512-byte sectors all the same."""
    large = 4096
    blocks = LARGE_IMAGE_SECTORS * BLOCK // large
    m.expect(rf"virtio-blk: /dev/blk0: virtio-mmio v1, {blocks} blocks of {large} bytes", 60)
    s = Shell(m)
    out = passes(s, "blktest info blk0", "info")
    assert f"blk0: {blocks} blocks of 4096 bytes, read-write, at most 16 blocks a request" in out, out
    passes(s, "blktest rw blk0", "rw")
    passes(s, "blktest errors blk0", "errors")
    with open(m.image, "rb") as f:
        data = f.read()
    last = len(data) // large - 1
    for block in [0, RW_BLOCK // 8 - 1, RW_BLOCK, RW_BLOCK + 15, RW_BLOCK + 16, last]:
        written = block in (0, last) or RW_BLOCK <= block < RW_BLOCK + 16
        got = data[block * large:(block + 1) * large]
        if not written:  # the host's 512-byte pattern is still there
            assert got == b"".join(pattern(block * 8 + s, HOST_SEED) for s in range(8)), block
        else:
            assert got == pattern(block, RW_SEED, large), block


def kill_under_load(m):
    """The driver is killed while requests are in flight: each caller gets
    PeerClosed and none hangs, init restarts the driver, and the disk then
    serves as before; no 512-byte block was torn by the death."""
    serving(m, 1)
    s = Shell(m)
    # Not run again by the leak check: the kill's restart would run under its readings.
    start = m.consumed
    s.run("blktest survive blk0 &", again=False)
    m.consumed = start
    m.expect(r"blktest: survive: I/O running", 60)
    # The driver is killed mid-request (restart ends it as kill does) and serves
    # again when `service` ends, its line printed. One line, so that nothing the
    # shell prints meets the driver's line, which it writes through the kernel's
    # console and which can come torn into other output; blktest's verdict is its
    # status (0: PASS survive).
    s.count += 1
    m.send(f"service blk0 restart; restarted=$?; wait $!; echo @@survived-{s.count} $restarted $?")
    restarted, status = map(int, m.expect(rf"@@survived-{s.count} (\d+) (\d+)\n", 120).groups())
    m.expect(PROMPT, 30)
    assert restarted == 0 and status == 0, m.output[start:]
    passes(s, "blktest rw blk0", "rw", timeout=120)
    with open(m.image, "rb") as f:
        data = f.read()
    region = range(4000, 4000 + 4 * 32)  # apps/blktest/survive.cc's blocks
    for block in range(BLOCKS):
        got = data[block * BLOCK:(block + 1) * BLOCK]
        if block in region:  # whatever the last write left, one whole pattern a block
            assert any(got == pattern(block, seed) for seed in range(256)), f"block {block} is torn"
        else:
            assert got == pattern(block, after_rw(block)), f"block {block} changed"


def with_image(**options):
    """Machine options: the full system with a fresh patterned image."""
    def make(name):
        read_only = options.get("read_only", False)
        errors = None
        if options.get("errors"):
            errors = os.path.join(scratch.name, f"{name}.blkdebug")
            with open(errors, "w") as f:
                # QEMU's blkdebug: every read that touches this sector fails with EIO.
                f.write(f'[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "{IO_ERROR_SECTOR}"\n')
        path = make_image(f"{name}.img", blocks=options.get("sectors", BLOCKS))
        disk = Disk(path, read_only, errors, options.get("block_size"), iops=options.get("iops"))
        return path, {"config": None, "console": "shell", "disks": [disk],
                      "virtio_modern": options.get("modern", False)}
    return make


def with_two_images(name):
    a, b = make_image(f"{name}-a.img"), make_image(f"{name}-b.img", seed=5)
    return [a, b], {"config": None, "console": "shell", "disks": [a, b]}


CHECKS = {
    "legacy": (reads_writes(1), with_image()),
    "modern": (reads_writes(2), with_image(modern=True)),
    # Throttled: the requests wait in QEMU, so they overlap at the device on any host.
    "parallel": (parallel, with_image(iops=2000)),
    "two_disks": (two_disks, with_two_images),
    "readonly": (read_only, with_image(read_only=True)),
    "ioerror": (io_error, with_image(errors=True)),
    "restart": (restart, with_image()),
    "abandon": (abandon, with_image()),
    "kill_under_load": (kill_under_load, with_image()),
    "large_blocks": (large_blocks, with_image(block_size=4096, sectors=LARGE_IMAGE_SECTORS)),
    "default_disk": (default_disk, with_default_disk),
}

if __name__ == "__main__":
    run_disk_checks(CHECKS, sys.argv[1:])
