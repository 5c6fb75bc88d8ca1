#!/usr/bin/env python3
"""QEMU tests of devfs and the UART and RTC drivers: each runs a `devfstest`
subcommand through init (see apps/devfstest) and expects its PASS line.
uart also types into the console the driver then owns (Ctrl-C included:
/dev/consctl); rtc compares the time /dev/rtc gives with the host's (QEMU's
RTC starts at the host's time).
Usage: devfs_test.py CHECK..."""
import re
import sys
from datetime import datetime, timedelta, timezone

from harness import Checks
from shell_test import Shell


def devfstest(name):
    def check(m):
        out = m.run(f"devfstest {name}", timeout=60)
        assert f"PASS {name}" in out and "init: devfstest exited with status 0" in out, out
    return check


def uart(m):
    m.expect(r"init> ")
    m.send("devfstest uart +uart")
    m.expect(r"uart: hello through the driver")
    m.expect(r"uart: type a line")
    # DEL erases the typo; the driver echoes the erase as "\b \b".
    m.send("hellp\x7fo uart")
    m.expect(r"hellp\x08 \x08o uart")
    m.expect(r'uart: read 11 bytes "hello uart\n"')
    m.expect(r"uart: type two lines")
    m.proc.stdin.write(b"first\rsecond\n")  # CR ends a line as LF does
    m.proc.stdin.flush()
    m.expect(r'uart: read 6 bytes "first\n"')
    m.expect(r'uart: read 4 bytes "ond\n"')
    m.expect(r"uart: type end of file")
    m.proc.stdin.write(b"\x04")
    m.proc.stdin.flush()
    m.expect(r'uart: read 0 bytes ""')
    # Ctrl-C discards the line typed so far and kills the foreground job.
    m.expect(r"uart: type Ctrl-C")
    m.send_raw(b"abc\x03after\n")
    m.expect(r"abc\^C\n")
    m.expect(r'uart: read 6 bytes "after\n"')
    m.expect(r"uart: type Ctrl-C again")
    m.send_raw(b"\x03again\n")
    m.expect(r'uart: read 6 bytes "again\n"')
    m.expect(r"PASS uart")
    m.expect(r"init: devfstest exited with status 0")
    # The driver is gone: the kernel's console reads the UART again.
    out = m.run("devfstest files", timeout=60)
    assert "PASS files" in out, out


def rtc(m):
    out, status = Shell(m).run("devfstest rtc", timeout=60)
    assert "PASS rtc" in out and status == 0, f"status {status}\n{out}"
    found = re.search(r"rtc: (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)", out)
    assert found, out
    guest = datetime.strptime(found.group(1), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert abs(guest - datetime.now(timezone.utc)) < timedelta(days=1), (guest, out)


CHECKS = {
    "files": devfstest("files"),
    "registry": devfstest("registry"),
    "uart": uart,
    "rtc": rtc,
}

if __name__ == "__main__":
    checks = Checks()
    for name in sys.argv[1:]:
        # rtc needs the full system (etc/boot.conf), and runs at its shell.
        machine = {"config": None, "console": "shell"} if name == "rtc" else {"config": "none"}
        checks.run(name, CHECKS[name], **machine)
    checks.finish()
