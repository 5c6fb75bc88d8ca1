#!/usr/bin/env python3
"""QEMU tests of /disk: fatfs on the virtio-blk driver's /dev/blkN, started
and mounted by init (etc/boot.conf's disk services), on images the host's
tools make (mkfs.fat, mcopy) and check (fsck.fat -n, mtype) in a temporary
directory (never build/disk.img). Driven from the shell on the console
(shell_test.py's Shell) with fsprobe (small files), disktest (big ones,
apps/disktest), `service` and the utilities.
Usage: disk_test.py CHECK...   (faults_long: the 100-round fault run)"""
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

from harness import Machine, killed_and_back, run_disk_checks
from shell_test import PROMPT, Shell

scratch = tempfile.TemporaryDirectory(prefix="tessera-disk-")

HOST_NAME = "Written on the host.txt"  # a long name, with spaces
HOST_TEXT = "hello from the host\n"
BIG = 512 * 1024  # disktest's file after a reboot
FILES = 4  # the fault test's files, written in turn
FAULT_BIG = 3 * 1024 * 1024  # in the fault test: more than fatfs's 1 MiB cache, so the disk is written under it


def pattern(length):
    """apps/disktest's pattern: byte i is (i * 7 + i // 4096) mod 256."""
    return bytes((i * 7 + i // 4096) & 0xFF for i in range(length))


def make_fat(name, fat=32, mib=40):
    """A volume as a user's host makes it: mkfs.fat, then mcopy a file
    with a long name into a directory."""
    path = os.path.join(scratch.name, name)
    subprocess.run(["mkfs.fat", "-C", "-F", str(fat), path, str(mib * 1024)], check=True, stdout=subprocess.DEVNULL)
    source = os.path.join(scratch.name, "host.txt")
    with open(source, "w") as f:
        f.write(HOST_TEXT)
    subprocess.run(["mmd", "-i", path, "::/From the host"], check=True)
    subprocess.run(["mcopy", "-i", path, source, f"::/From the host/{HOST_NAME}"], check=True)
    return path


def fsck_clean(path):
    r = subprocess.run(["fsck.fat", "-n", path], capture_output=True, text=True)
    assert r.returncode == 0, f"fsck.fat -n {path}: {r.returncode}\n{r.stdout}{r.stderr}"


def mtype(path, name):
    return subprocess.run(["mtype", "-i", path, f"::{name}"], check=True, capture_output=True).stdout


def mounted(m, fat="fat32"):
    m.expect(rf"fatfs: {fat}, \d+ clusters of \d+ bytes, \d+ free", 60)


def ok(s, command, timeout=60):
    """Runs command at the prompt; it must succeed. Returns its output."""
    out, status = s.run(command, timeout=timeout)
    assert status == 0, f"{command!r}: status {status}, output {out!r}"
    return out


def power_off(s):
    """/bin/poweroff: init syncs the file systems first, and QEMU ends."""
    s.m.send("poweroff")
    s.m.wait_exit(60)


def host_name_reads(s):
    # ls shows the long name; cat reads it by its 8.3 alias and, quoted, by the long name.
    listing = ok(s, "fsprobe ls /disk")
    assert "From the host" in listing, listing
    out = ok(s, "fsprobe ls /disk/FROMTH~1")
    assert HOST_NAME in out, out
    out = ok(s, "fsprobe cat /disk/FROMTH~1/WRITTE~1.TXT")
    assert HOST_TEXT.strip() in out, out
    out = ok(s, f"fsprobe cat '/disk/From the host/{HOST_NAME}'")
    assert HOST_TEXT.strip() in out, out


def stamped_now(image, name, written):
    """The entry's write time, as mdir shows it, is the time it was written:
    fatfs stamps from /dev/rtc (QEMU's RTC runs on the host's UTC)."""
    listing = subprocess.run(["mdir", "-i", image, f"::{name}"], check=True, capture_output=True, text=True).stdout
    found = re.search(r"(\d{4}-\d\d-\d\d) +(\d+):(\d\d)", listing)
    assert found, listing
    stamp = datetime.strptime(f"{found.group(1)} {found.group(2)}:{found.group(3)}", "%Y-%m-%d %H:%M")
    stamp = stamp.replace(tzinfo=timezone.utc)
    assert abs(stamp - written) < timedelta(minutes=5), f"{name} stamped {stamp}, written at {written}: {listing}"


def survives_reboot(modern):
    def check(m):
        mounted(m)
        s = Shell(m)
        host_name_reads(s)
        ok(s, "fsprobe mkdir /disk/Made_in_Tessera_directory")
        written = datetime.now(timezone.utc)
        ok(s, "fsprobe write /disk/Made_in_Tessera_directory/a_long_note_name.txt hello-from-tessera")
        ok(s, f"disktest write /disk/big.bin {BIG}", timeout=120)
        power_off(s)  # init syncs the file systems first
        fsck_clean(m.image)
        assert mtype(m.image, "/Made_in_Tessera_directory/a_long_note_name.txt") == b"hello-from-tessera"
        stamped_now(m.image, "/Made_in_Tessera_directory/a_long_note_name.txt", written)
        assert mtype(m.image, "/big.bin") == pattern(BIG)
        again = Machine(config=None, disks=[m.image], virtio_modern=modern, console="shell")
        try:
            mounted(again)
            s = Shell(again)
            out = ok(s, "fsprobe cat /disk/Made_in_Tessera_directory/a_long_note_name.txt")
            assert "hello-from-tessera" in out, out
            out = ok(s, f"disktest check /disk/big.bin {BIG}", timeout=120)
            assert "PASS check" in out, out
            ok(s, "fsprobe rm /disk/big.bin")
            power_off(s)
        finally:
            again.close()
        fsck_clean(m.image)
        listing = subprocess.run(["mdir", "-b", "-i", m.image, "::/"], check=True, capture_output=True,
                                 text=True).stdout
        assert "big.bin" not in listing, listing
    return check


def two_disks(m):
    start = m.consumed
    m.expect(r"fatfs: fat16, \d+ clusters", 60)
    m.consumed = start  # the two start in either order
    m.expect(r"fatfs: fat32, \d+ clusters", 60)
    s = Shell(m)
    ok(s, "fsprobe write /disk/one.txt first-disk")
    ok(s, "fsprobe write /disk1/two.txt second-disk")
    out = ok(s, "fsprobe cat /disk1/FROMTH~1/WRITTE~1.TXT")
    assert HOST_TEXT.strip() in out, out
    power_off(s)
    for image in m.images:
        fsck_clean(image)
    assert mtype(m.images[0], "/one.txt") == b"first-disk"
    assert mtype(m.images[1], "/two.txt") == b"second-disk"
    names = subprocess.run(["mdir", "-b", "-i", m.images[0], "::/"], capture_output=True, text=True).stdout
    assert "two.txt" not in names, names


def no_disk(m):
    m.expect(r"init: no blk0: disk not started", 60)
    s = Shell(m)
    out, status = s.run("fsprobe ls /disk")
    assert status == 1, out
    ok(s, "fsprobe write /tmp/still-here x")
    assert "fatfs" not in m.output, m.output


def not_fat(m):
    m.expect(r"fatfs: cannot mount: Malformed: no boot-sector signature \(not a FAT volume\)", 60)
    m.expect(r"init: disk failed on its first start; not restarting it", 30)
    s = Shell(m)
    ok(s, "fsprobe write /tmp/still-here x")
    out = ok(s, "service")
    assert re.search(r"^disk +broken +0$", out, re.MULTILINE), out
    assert m.output.count("init: service ended: disk ") == 1, m.output
    assert "init: restarted disk" not in m.output, m.output


def fatfs_restart(m):
    mounted(m)
    s = Shell(m)
    ok(s, "fsprobe write /disk/before.txt before-the-restart")
    ok(s, "sync")  # else the write is in the cache of the fatfs killed now
    # init logs that it serves once the new fatfs has mounted the volume.
    killed_and_back(s, "disk")
    out = ok(s, "fsprobe cat /disk/before.txt")
    assert "before-the-restart" in out, out
    ok(s, "fsprobe write /disk/after.txt after-the-restart")
    power_off(s)
    fsck_clean(m.image)
    assert mtype(m.image, "/after.txt") == b"after-the-restart"


def faults(rounds):
    def check(m):
        mounted(m)
        s = Shell(m)
        completed = failed = 0
        for i in range(rounds):
            start = m.consumed
            # Rewritten: the volume never fills. Not run again by the leak check (power_off ends it).
            s.run(f"disktest write /disk/f{i % FILES}.bin {FAULT_BIG} &", again=False)
            after = m.consumed
            m.consumed = start
            m.expect(r"disktest: writing", 60)
            m.consumed = max(m.consumed, after)
            # The driver is killed mid-write (restart ends it as kill does) and serves
            # again, registered, when `service` ends. One line, so that nothing the
            # shell prints (a prompt) meets the lines the driver and fatfs print then
            # through the kernel's console, which can come torn into each other.
            s.count += 1
            m.send(f"service blk0 restart; restarted=$?; wait $!; echo @@round-{s.count} $restarted $?")
            restarted, status = map(int, m.expect(rf"@@round-{s.count} (\d+) (\d+)\n", 120).groups())
            m.expect(PROMPT, 30)
            assert restarted == 0, m.output[start:]
            assert status in (0, 1), m.output[start:]  # done, or EIO
            if status == 0:
                completed += 1
            else:
                failed += 1
        print(f"faults: {rounds} rounds, {completed} writes completed, {failed} failed with EIO")
        ok(s, "fsprobe write /disk/last.txt after-the-faults")
        power_off(s)
        fsck_clean(m.image)
        assert mtype(m.image, "/last.txt") == b"after-the-faults"
        for i in range(FILES):
            data = mtype(m.image, f"/f{i}.bin")
            assert data == pattern(len(data)), f"f{i}.bin holds other bytes than disktest wrote"
    return check


def restart_between_requests(m):
    """The driver restarted while fatfs is idle: the next request that needs
    the disk (an open that creates a file) finds it gone, and fatfs opens it
    again in the middle of serving that open. The open must succeed with its
    own path: the calls fatfs makes to reopen the device must not overwrite
    the request it is still reading (they once did: EINVAL). A sync first
    leaves fatfs nothing to write back, so its write-back timer cannot be
    the request that finds the driver gone."""
    mounted(m)
    s = Shell(m)
    for i in range(3):
        ok(s, "sync")
        since = len(m.output)
        ok(s, "service blk0 restart")
        ok(s, f"fsprobe write /disk/idle{i}.txt round-{i}")
        out = m.wait_for_text("fatfs: /dev/blk0 is back\n", since)
        # fatfs found the driver gone at the write, after it restarted.
        assert out.index("init: restarted blk0") < out.index("fatfs: /dev/blk0 went away"), out
    ok(s, "sync")
    power_off(s)
    fsck_clean(m.image)
    for i in range(3):
        assert mtype(m.image, f"/idle{i}.txt") == f"round-{i}".encode()


def written_back_by_timer(m):
    """Without a sync, what fatfs acknowledged reaches the disk within its
    write-back timer's 5 seconds: the host reads the image while the system
    runs (QEMU writes it through the host's page cache)."""
    mounted(m)
    s = Shell(m)
    ok(s, "fsprobe write /disk/timer.txt written-back-by-the-timer")
    written = time.monotonic()
    while True:
        got = subprocess.run(["mtype", "-i", m.image, "::/timer.txt"], capture_output=True)
        if got.returncode == 0 and got.stdout == b"written-back-by-the-timer":
            break
        assert time.monotonic() - written < 15, "not on the disk 15 s after the write, with no sync"
        time.sleep(0.2)  # the host polls its own view of the image; the guest is not waited for
    print(f"timer: on the disk {time.monotonic() - written:.1f} s after the write")
    power_off(s)
    fsck_clean(m.image)


def stat_says(s, path, mode, access, modify):
    out = ok(s, f"stat {path}")
    for line in (f"Mode: {mode}", f"Access: {access}", f"Modify: {modify}"):
        assert line in out, f"stat {path}: no {line!r} in {out!r}"


def modes(m):
    """touch -d and chmod at the prompt: fatfs keeps the read-only attribute
    and the entry's dates (the host's tools see them), ramfs all of it, a
    device refuses; a file written now has the time it was written."""
    mounted(m)
    s = Shell(m)
    ok(s, "touch -d 2024-01-02T03:04:07Z /disk/dated")
    ok(s, "chmod a-w /disk/dated")
    # FAT: write time in 2-second steps, access as a date.
    stat_says(s, "/disk/dated", "0444 (-r--r--r--)", "2024-01-02 00:00:00", "2024-01-02 03:04:06")
    ok(s, "touch -d 2001-02-03T04:05:06.5Z /tmp/t")
    ok(s, "chmod 4751 /tmp/t")
    stat_says(s, "/tmp/t", "4751 (-rwsr-x--x)", "2001-02-03 04:05:06", "2001-02-03 04:05:06")
    out, status = s.run("chmod 600 /dev/null")
    assert out == "chmod: /dev/null: Permission denied\n" and status == 1, (status, out)
    # Written now, without touch: ramfs (/tmp and /) and fatfs stamp the time.
    for path in ("/tmp/now", "/now", "/disk/now"):
        written = datetime.now(timezone.utc)
        ok(s, f"fsprobe write {path} stamped")
        modified = re.search(r"Modify: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", ok(s, f"stat {path}"))
        assert modified, path
        stamp = datetime.strptime(modified.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
        assert abs(stamp - written) < timedelta(minutes=5), f"{path} stamped {stamp}, written at {written}"
    power_off(s)  # init syncs the file systems first
    fsck_clean(m.image)
    attributes = subprocess.run(["mattrib", "-i", m.image, "::/dated"], check=True, capture_output=True,
                                text=True).stdout
    assert "R" in attributes.split("::")[0].split(), attributes  # mattrib: "  A    R     ::/dated"
    listing = subprocess.run(["mdir", "-i", m.image, "::/dated"], check=True, capture_output=True, text=True).stdout
    assert "2024-01-02   3:04" in listing, listing


def disk(fat=32, mib=40, modern=False):
    def make(name):
        path = make_fat(f"{name}.img", fat, mib)
        return path, {"config": None, "console": "shell", "disks": [path], "virtio_modern": modern}
    return make


def two_images(name):
    a, b = make_fat(f"{name}-a.img", 16, 16), make_fat(f"{name}-b.img", 32, 40)
    return [a, b], {"config": None, "console": "shell", "disks": [a, b]}


def zeros(name):
    path = os.path.join(scratch.name, f"{name}.img")
    with open(path, "wb") as f:
        f.truncate(4 * 1024 * 1024)
    return path, {"config": None, "console": "shell", "disks": [path]}


CHECKS = {
    "legacy": (survives_reboot(False), disk()),
    "modern": (survives_reboot(True), disk(modern=True)),
    "two_disks": (two_disks, two_images),
    "no_disk": (no_disk, lambda name: (None, {"config": None, "console": "shell"})),
    "not_fat": (not_fat, zeros),
    "fatfs_restart": (fatfs_restart, disk()),
    "faults": (faults(20), disk()),
    "restart_between_requests": (restart_between_requests, disk()),
    "modes": (modes, disk()),
    "timer": (written_back_by_timer, disk()),
    "faults_long": (faults(100), disk()),
}

if __name__ == "__main__":
    run_disk_checks(CHECKS, sys.argv[1:])
