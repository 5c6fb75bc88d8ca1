#!/usr/bin/env python3
"""QEMU tests of the full system (etc/boot.conf: init, ramfs, tmpfs, devfs,
vfs, procmgr, uart), run from init's console:

    system_test.py CHECK...

nsdemo       apps/nsdemo: a private mountspace next to a shared one
restart      `kill tmpfs`: init restarts the service and /tmp works again
fs-<name>    one `fsprobe check <name>` (apps/fsprobe): VFS operations and
             errors through the real servers
uart-restart `kill uart` at the console: init restarts the driver, the console
             reopens /dev/console and the next command runs
rewire       kill the root ramfs, devfs and rtc in turn: each comes back where
             it served (the root re-wired in vfs; the drivers started again
             after devfs, so they register with the new one)
restarts-<service>  kills the service 20 times; after each restart it
             serves again (tmpfs, ramfs, devfs, rtc, uart)
services-refuse  each service typed at the prompt refuses and ends
crlf         program output and init's own lines end in "\r\n", never "\r\r\n"
paste        2,000 lines of 200 characters pasted in bursts: every one
             arrives whole, and the console still answers afterwards"""
import re
import sys
import threading

from harness import Checks

FS_CHECKS = ["ops", "exdev", "toolong", "dotdot", "isdir", "notempty", "mountnotdir", "dev", "attacks", "notdir"]


def ran_ok(out, program):
    assert f"init: {program} exited with status 0" in out, out


def nsdemo(m):
    out = m.run("nsdemo", timeout=120)
    assert "parent /mnt" in out and "child /mnt" in out, out
    assert "shared.txt               | private.txt" in out, out
    assert "sibling /mnt (privateMounts=false): shared.txt" in out, out
    assert "FAIL" not in out and "nsdemo: PASS" in out, out
    ran_ok(out, "nsdemo")


def restart(m):
    out = m.run("fsprobe write /tmp/x before")
    ran_ok(out, "fsprobe")
    m.expect(r"init> ", 30)
    m.send("kill tmpfs")
    m.expect(r"init: service ended: tmpfs", 30)
    # Logged once /tmp is served by the new tmpfs.
    m.expect(r"init: restarted tmpfs", 30)
    start = m.consumed
    m.send("fsprobe write /tmp/x hello")
    m.expect(r"^init: fsprobe exited with status -?\d+\n", 60)
    out = m.output[start:m.consumed]
    ran_ok(out, "fsprobe")
    # A fresh ramfs: the old contents are gone, and /tmp takes new files.
    out = m.run("fsprobe cat /tmp/x")
    assert "hello" in out and "before" not in out, out
    ran_ok(out, "fsprobe")
    out = m.run("fsprobe ls /tmp")
    assert "file x" in out, out
    ran_ok(out, "fsprobe")


def expect_all(m, lines, timeout=30):
    """Waits for every one of lines, in whatever order they come: services
    restarted together get there in either order."""
    waiting = set(lines)
    while waiting:
        seen = m.expect("|".join(f"(?:{line})" for line in waiting), timeout).group(0)
        waiting = {line for line in waiting if not re.fullmatch(line, seen)}


def killed_and_back(m, service):
    m.expect(r"init> ", 60)
    m.send(f"kill {service}")
    m.expect(rf"init: service ended: {service}", 30)
    # Logged once it serves again where it did.
    m.expect(rf"init: restarted {service}", 30)


def run_at_prompt_shown(m, command):
    """Runs a command when the prompt came before init's log lines."""
    start = m.consumed
    m.send(command)
    m.expect(r"^init: \S+ exited with status -?\d+\n", 60)
    return m.output[start:m.consumed]


def rewire(m):
    killed_and_back(m, "ramfs")
    # The new root holds the boot archive again, and programs load from it.
    out = run_at_prompt_shown(m, "fsprobe ls /bin")
    assert "file init" in out and "file fsprobe" in out, out
    ran_ok(out, "fsprobe")
    killed_and_back(m, "devfs")
    # The drivers that registered with the old devfs start again.
    expect_all(m, [r"init: restarted uart", r"init: restarted rtc", r"init: console on /dev/console again"])
    out = run_at_prompt_shown(m, "fsprobe ls /dev")
    assert "dev console" in out and "dev rtc" in out and "dev null" in out, out
    ran_ok(out, "fsprobe")
    killed_and_back(m, "rtc")
    out = run_at_prompt_shown(m, "fsprobe cat /dev/rtc")
    assert re.search(r"\d{4}-\d\d-\d\d", out), out
    ran_ok(out, "fsprobe")


# What a restarted service must serve again: (command, what its output holds,
# the log lines that follow "init: restarted NAME" before the system is whole).
RESTART_PROBES = {
    "tmpfs": ("fsprobe write /tmp/x hello", r"init: fsprobe exited with status 0", []),
    "ramfs": ("fsprobe ls /bin", r"file prochelper", []),
    "devfs": ("fsprobe ls /dev", r"dev rtc", [r"init: restarted uart", r"init: restarted rtc",
                                            r"init: console on /dev/console again"]),
    "rtc": ("fsprobe cat /dev/rtc", r"\d{4}-\d\d-\d\d", []),
    "uart": ("fsprobe ls /dev", r"dev console", [r"init: console on /dev/console again"]),
}


def restarts(service, times=20):
    """Kills a service `times` times; after each restart it serves again.
    The console always has a read parked in uart, so each uart kill comes
    mid-request."""
    command, expected, settled = RESTART_PROBES[service]

    def check(m):
        for i in range(times):
            m.expect(r"init> ", 60)
            m.send(f"kill {service}")
            m.expect(rf"init: service ended: {service}", 30)
            expect_all(m, [rf"init: restarted {service}"] + settled)
            out = run_at_prompt_shown(m, command)
            assert re.search(expected, out), f"after kill {i + 1}: {out}"
            ran_ok(out, "fsprobe")
    return check


def services_refuse(m):
    # Typed at the prompt, a service says what it is and ends: it does not
    # serve on the session it was given and hold the console.
    for name in ["ramfs", "devfs", "vfs", "procmgr", "uart", "rtc", "pipe", "procfs", "fatfs", "virtio-blk"]:
        out = m.run(name, timeout=30)
        assert f"{name}: a service that init starts (image/boot.conf), not a program to run" in out, out
        assert f"init: {name} exited with status 2" in out, out


def uart_restart(m):
    m.expect(r"init> ", 60)
    m.send("kill uart")
    m.expect(r"init: service ended: uart", 30)
    m.expect(r"init: restarted uart", 30)
    # Written through the new driver: from here on it owns the UART.
    m.expect(r"init: console on /dev/console again", 30)
    m.send("fsprobe ls /dev")
    start = m.consumed
    m.expect(r"^init: fsprobe exited with status -?\d+\n", 60)
    out = m.output[start:m.consumed]
    assert "dev console" in out, out
    ran_ok(out, "fsprobe")
    out = m.run("fsprobe ls /dev")
    assert "dev console" in out, out
    ran_ok(out, "fsprobe")


def crlf(m):
    out = m.run("fsprobe ls /dev")
    ran_ok(out, "fsprobe")
    raw = bytes(m.raw)
    assert b"dev console\r\n" in raw, raw[-400:]
    assert b"init: fsprobe exited with status 0\r\n" in raw, raw[-400:]
    assert b"\r\r" not in raw, raw[raw.index(b"\r\r") - 80:][:200]


def paste(m):
    m.expect(r"init> ", 60)
    # Each line is one word too long for a program name: init answers it
    # at once with the whole word, so the answer shows the line arrived intact.
    lines = ["p%04d" % i + "".join(chr(97 + (i * 7 + j) % 26) for j in range(195)) for i in range(2000)]
    bursts = ["".join(line + "\n" for line in lines[k:k + 100]).encode() for k in range(0, len(lines), 100)]
    writer = threading.Thread(target=lambda: [m.send_raw(b) for b in bursts], daemon=True)
    writer.start()
    # The echo of lines typed ahead runs into init's output, as on any
    # terminal; init's answer is one write, which echo never splits.
    for line in lines:
        m.expect(rf"init: {line}: NameTooLong\n", 60)
    writer.join(10)
    m.expect(r"init> ", 30)
    m.send("free")
    m.expect(r"^free frames: \d+$", 30)


def typeahead(m):
    # Lines typed while the system boots, before any prompt, as a script
    # piped into `make run` is: every one runs once the console is up. (They
    # go after the kernel's first line: OpenSBI resets the UART's FIFO when
    # it starts, and a byte that arrived before that is gone.)
    m.expect(r"Tessera microkernel", 60)
    m.send("free")
    m.send("fsprobe ls /tmp")
    m.expect(r"free frames: \d+\n", 60)
    m.expect(r"init: fsprobe exited with status 0", 60)


def fs_check(name):
    def check(m):
        out = m.run(f"fsprobe check {name}", timeout=120)
        assert f"PASS {name}" in out and "FAIL" not in out, out
        ran_ok(out, "fsprobe")
    return check


if __name__ == "__main__":
    checks = Checks()
    bodies = {"nsdemo": nsdemo, "restart": restart, "paste": paste, "typeahead": typeahead,
              "uart-restart": uart_restart, "crlf": crlf, "rewire": rewire,
              "services-refuse": services_refuse}
    bodies.update({f"fs-{name}": fs_check(name) for name in FS_CHECKS})
    bodies.update({f"restarts-{name}": restarts(name) for name in RESTART_PROBES})
    for name in sys.argv[1:]:
        body = bodies.get(name)
        if not body:
            print(f"no check {name}")
            sys.exit(2)
        checks.run(name, body, config=None)
    checks.finish()
