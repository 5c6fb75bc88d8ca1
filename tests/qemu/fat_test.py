#!/usr/bin/env python3
"""QEMU tests of servers/fatfs through apps/fattest, on a RAM disk served by
fattest itself (a FAT12 image mkfs.fat and mcopy made at build time, in the
boot archive), until a disk driver exists: `fattest fat +bootfs` reads a
file the host wrote and drives every FileSystem and File operation;
`fattest notfat +bootfs` gives fatfs a disk of zeros, which it must refuse
with a reason and exit 1. init runs with --config=none.

Usage: fat_test.py CHECK..."""
import sys

from harness import Checks


def ramdisk(m):
    out = m.run("fattest fat +bootfs", timeout=150)
    assert "fatfs: fat12," in out, out
    assert "PASS files" in out and "PASS unmount" in out, out
    assert "FAIL" not in out and "init: fattest exited with status 0" in out, out


def notfat(m):
    out = m.run("fattest notfat +bootfs", timeout=150)
    assert "fatfs: cannot mount: Malformed: no boot-sector signature (not a FAT volume)" in out, out
    assert "PASS notfat" in out, out
    assert "FAIL" not in out and "init: fattest exited with status 0" in out, out


CHECKS = {"ramdisk": ramdisk, "notfat": notfat}

if __name__ == "__main__":
    checks = Checks()
    for name in sys.argv[1:]:
        checks.run(name, CHECKS[name], append="--config=none")
    checks.finish()
