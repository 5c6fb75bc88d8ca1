#!/usr/bin/env python3
"""QEMU tests of the full system (etc/boot.conf: init, ramfs, tmpfs, devfs,
vfs, procmgr, uart, ...), driven from the shell on the console (init's
console program; shell_test.py's Shell pastes each line and reads $?):

    system_test.py CHECK...

nsdemo       apps/nsdemo: a private mountspace next to a shared one
restart      `service tmpfs kill`: init restarts the service and /tmp works again
service      the `service` utility: the list, stop/start/restart and its errors
service-unheld  `service` without a channel to init's supervisor (started by
             the bare kernel's test monitor) says so and fails
config-missing  a configuration that does not load: no console, not the
             test monitor
essential-ends  an essential service that ends (etc/essential.conf: vfs
             without its root) powers the machine off
fs-<name>    one `fsprobe check <name>` (apps/fsprobe): VFS operations and
             errors through the real servers (fs-attacks and nsdemo run from
             the kernel command line: FROM_THE_COMMAND_LINE)
uart-restart `service uart kill`: init restarts the driver, the shell, which
             lost its console, is started again on the new one, and the next
             command runs
rewire       kill the root ramfs, devfs and rtc in turn: each comes back where
             it served (the root re-wired in vfs; the drivers started again
             after devfs, so they register with the new one)
restarts-<service>  kills the service 20 times; after each restart it
             serves again (tmpfs, ramfs, devfs, rtc, uart)
services-refuse  each service typed at the prompt refuses and ends
crlf         program output and init's own lines end in "\r\n", never "\r\r\n"
paste        2,000 lines of 200 characters pasted in bursts: every one
             arrives whole, and the console still answers afterwards
typeahead    lines typed while the system boots run once the shell is up

The `service ... kill` lines are not run again by the leak check: a kill
restarts servers while the rerun's readings are taken."""
import re
import sys
import threading

from harness import Checks, killed_and_back
from shell_test import PROMPT, Shell

FS_CHECKS = ["ops", "exdev", "toolong", "dotdot", "isdir", "notempty", "mountnotdir", "dev", "attacks", "notdir"]


def ok(s, line, timeout=60):
    """Runs line at the prompt; it must succeed. Returns its output."""
    out, status = s.run(line, timeout)
    assert status == 0, f"{line!r}: status {status}, output {out!r}"
    return out


def nsdemo(m):
    # Run from the kernel command line (FROM_THE_COMMAND_LINE): one verdict
    # needs a session without the change right.
    m.expect(r"^init: nsdemo exited with status 0\n", 120)
    out = m.output[:m.consumed]
    assert "parent /mnt" in out and "child /mnt" in out, out
    assert "shared.txt               | private.txt" in out, out
    assert "sibling /mnt (privateMounts=false): shared.txt" in out, out
    assert "FAIL" not in out and "nsdemo: PASS" in out, out


def restart(m):
    s = Shell(m)
    ok(s, "fsprobe write /tmp/x before")
    killed_and_back(s, "tmpfs")
    ok(s, "fsprobe write /tmp/x hello")
    # A fresh ramfs: the old contents are gone, and /tmp takes new files.
    out = ok(s, "fsprobe cat /tmp/x")
    assert "hello" in out and "before" not in out, out
    out = ok(s, "fsprobe ls /tmp")
    assert "file x" in out, out


def listed_state(s, service):
    """The service's (state, restarts) in `service`'s list."""
    out = ok(s, "service")
    assert out.startswith("NAME         STATE     RESTARTS\n"), out
    found = re.search(rf"^{service} +(\w+) +(\d+)$", out, re.MULTILINE)
    assert found, f"{service} not listed: {out!r}"
    return found.group(1), int(found.group(2))


def service(m):
    s = Shell(m)
    out = ok(s, "service")
    for name in ["ramfs", "tmpfs", "devfs", "vfs", "procmgr", "uart", "rtc", "pipe", "procfs"]:
        assert re.search(rf"^{name} +running +0$", out, re.MULTILINE), f"{name}: {out!r}"
    assert re.search(r"^disk +absent +0$", out, re.MULTILINE), out  # no disk on this machine
    # stop answers once it has ended; it stays ended.
    ok(s, "fsprobe write /tmp/x before")
    out = ok(s, "service tmpfs stop")
    assert re.search(r"^init: service ended: tmpfs ", out, re.MULTILINE), out
    assert listed_state(s, "tmpfs") == ("stopped", 0)
    out, status = s.run("fsprobe ls /tmp")
    assert status == 1, out
    # Its mount stays, served by nobody: an I/O error, not a broken pipe.
    out, status = s.run("ls /tmp")
    assert out == "ls: /tmp: Input/output error\n" and status == 1, f"{status} {out!r}"
    # start answers once it serves: /tmp is a fresh tmpfs at once.
    out = ok(s, "service tmpfs start")
    assert re.search(r"^init: restarted tmpfs ", out, re.MULTILINE), out
    assert listed_state(s, "tmpfs") == ("running", 1)
    ok(s, "fsprobe write /tmp/x after")
    out = ok(s, "service tmpfs restart")
    assert "init: service ended: tmpfs " in out and "init: restarted tmpfs " in out, out
    out = ok(s, "fsprobe ls /tmp")
    assert "file x" not in out, out
    assert listed_state(s, "tmpfs") == ("running", 2)
    # What cannot be done says why, with status 1; a wrong form is a usage error.
    for line, said in [("service tmpfs start", "service: tmpfs: already running"),
                       ("service nosuch restart", "service: nosuch: no such service"),
                       ("service disk start", "service: disk: no such service"),
                       ("service vfs kill", "service: vfs: essential: the system cannot go on without it"),
                       ("service vfs restart", "service: vfs: essential: the system cannot go on without it"),
                       ("service procmgr stop", "service: procmgr: essential: the system cannot go on without it")]:
        out, status = s.run(line)
        assert out == said + "\n" and status == 1, f"{line!r}: {status} {out!r}"
    out, status = s.run("service tmpfs bounce")
    assert out == "service: bounce: unknown action\nusage: service [name kill|stop|start|restart]\n", out
    assert status == 2, status
    # Children of the shell's children inherit the channel too.
    out = ok(s, "sh -c 'sh -c service' | grep -c running")
    assert out == "9\n", out


def essential_ends(m):
    # An essential service that ends (vfs, given no root) powers the
    # machine off: no console, no restart.
    m.expect(r"^vfs: started with 1 handles; needs a Vfs session end and a root file system\n", 60)
    m.expect(r"^init: vfs is essential and ended: the system cannot go on without it; powering off\n", 30)
    assert m.wait_exit() == 0
    assert "restarted vfs" not in m.output and "$ " not in m.output, m.output
    m.leak_check = lambda: "leak check: none, the machine is off"


def service_unheld(m):
    # A process whose parent held no channel to init's supervisor (here one
    # the bare kernel's test monitor starts from the boot archive) has none.
    out = m.run("service")
    assert "service: no channel to init's supervisor (only the console and what it starts have one)\n" in out, out
    assert "init: service exited with status 1\n" in out, out


def config_missing(m):
    # A configuration that does not load: no services and no console, and
    # never the test monitor, which is for bare-kernel boots only.
    m.expect(r"^init: etc/missing\.conf: NotFound\n", 60)
    m.expect(r"^init: no console program: no console\n", 30)
    assert "init> " not in m.output, m.output


def rewire(m):
    s = Shell(m)
    killed_and_back(s, "ramfs")
    # The new root holds the boot archive again, and programs load from it.
    out = ok(s, "fsprobe ls /bin")
    assert "file init" in out and "file fsprobe" in out, out
    # The drivers that registered with the old devfs start again.
    killed_and_back(s, "devfs", DEVFS_SETTLED)
    out = ok(s, "fsprobe ls /dev")
    assert "dev console" in out and "dev rtc" in out and "dev null" in out, out
    killed_and_back(s, "rtc")
    out = ok(s, "fsprobe cat /dev/rtc")
    assert re.search(r"\d{4}-\d\d-\d\d", out), out


# After devfs restarts: the services that register with it start again
# (registry:devreg), and init's lines reach the new UART driver.
DEVFS_SETTLED = [r"init: restarted uart ", r"init: restarted rtc ", r"init: restarted pipe ",
                 r"init: console on /dev/console again"]


# What a restarted service must serve again: (command, what its output holds,
# the log lines that follow "init: restarted NAME" before the system is whole).
RESTART_PROBES = {
    "tmpfs": ("fsprobe write /tmp/x hello", r"^$", []),
    "ramfs": ("fsprobe ls /bin", r"file prochelper", []),
    "devfs": ("fsprobe ls /dev", r"dev rtc", DEVFS_SETTLED),
    "rtc": ("fsprobe cat /dev/rtc", r"\d{4}-\d\d-\d\d", []),
    "uart": ("fsprobe ls /dev", r"dev console", [r"init: console on /dev/console again"]),
}


def restarts(service, times=20):
    """Kills a service `times` times; after each restart it serves again.
    The console always has a read parked in uart, so each uart kill comes
    mid-request."""
    command, expected, settled = RESTART_PROBES[service]

    def check(m):
        s = Shell(m)
        for i in range(times):
            killed_and_back(s, service, settled)
            out = ok(s, command)
            assert re.search(expected, out, re.MULTILINE), f"after kill {i + 1}: {out}"
    return check


def services_refuse(m):
    # Typed at the prompt, a service says what it is and ends: it does not
    # serve on the session it was given and hold the console.
    s = Shell(m)
    for name in ["ramfs", "devfs", "vfs", "procmgr", "uart", "rtc", "pipe", "procfs", "fatfs", "virtio-blk"]:
        out, status = s.run(name, timeout=30)
        assert out == f"{name}: a service that init starts (image/boot.conf), not a program to run\n", out
        assert status == 2, f"{name}: status {status}"


def uart_restart(m):
    s = Shell(m)
    # Written through the new driver: from here on it owns the UART.
    killed_and_back(s, "uart", [r"init: console on /dev/console again"])
    out = ok(s, "fsprobe ls /dev")
    assert "dev console" in out, out
    out = ok(s, "fsprobe ls /dev")
    assert "dev console" in out, out


def crlf(m):
    out = ok(Shell(m), "fsprobe ls /dev")
    assert "dev console" in out, out
    raw = bytes(m.raw)
    assert b"dev console\r\n" in raw, raw[-400:]
    assert b"init: console on /dev/console\r\n" in raw, raw[-400:]
    assert b"\r\r" not in raw, raw[raw.index(b"\r\r") - 80:][:200]


def paste(m):
    s = Shell(m)
    # Each line is one word, a program name no one has: the shell answers it
    # with the whole word, so the answer shows the line arrived intact.
    lines = ["p%04d" % i + "".join(chr(97 + (i * 7 + j) % 26) for j in range(195)) for i in range(2000)]
    bursts = ["".join(line + "\n" for line in lines[k:k + 100]).encode() for k in range(0, len(lines), 100)]
    writer = threading.Thread(target=lambda: [m.send_raw(b) for b in bursts], daemon=True)
    writer.start()
    # The echo of lines typed ahead runs into the shell's output, as on any
    # terminal; each answer is one write, which echo never splits.
    for line in lines:
        m.expect(rf"sh: {line}: not found\n", 60)
    writer.join(10)
    m.expect(PROMPT, 30)
    out = ok(s, "free")
    assert re.search(r"^Mem: +\d+ +\d+ +\d+$", out, re.MULTILINE), out


def typeahead(m):
    # Lines typed while the system boots, before any prompt, as a script
    # piped into `make run` is: every one runs once the shell is up. (They
    # go after the kernel's first line: OpenSBI resets the UART's FIFO when
    # it starts, and a byte that arrived before that is gone.)
    m.expect(r"Tessera microkernel", 60)
    m.send("free")
    m.send("fsprobe ls /tmp; echo @@typed-ahead $?")
    # Not at a line's start: the console echoes the second line as its
    # bytes come, as a terminal does, so the echo may fall between free's
    # lines (each of its writes stays whole).
    m.expect(r"Mem: +\d+ +\d+ +\d+\n", 60)
    # After the prompt the shell printed before it read the line (the
    # console echoed it as it came): "$ @@typed-ahead 0".
    m.expect(r"@@typed-ahead 0\n", 60)
    m.expect(PROMPT, 30)


def fs_check(name):
    def check(m):
        if f"fs-{name}" in FROM_THE_COMMAND_LINE:
            m.expect(r"^init: fsprobe exited with status 0\n", 120)
            out = m.output[:m.consumed]
        else:
            out = ok(Shell(m), f"fsprobe check {name}", timeout=120)
        assert f"PASS {name}" in out and "FAIL" not in out, out
    return check


# Checks whose program needs a session without the change right: init runs
# it from the kernel command line (as `make run APPEND=...`), since what the
# shell starts may change the shared mountspace (docs/mountspaces.md). They
# have no leak check: run again at the shell, with that right, the program's
# binds and umounts would succeed and change the system under the readings.
FROM_THE_COMMAND_LINE = {"nsdemo": "nsdemo", "fs-attacks": "fsprobe check attacks"}


def from_the_command_line(body):
    def check(m):
        body(m)
        m.leak_check = lambda: "leak check: none, its program ran from the kernel command line"
    return check


# Checks of what a bare-kernel boot (the test monitor, no services) does.
BARE = {"service-unheld"}

if __name__ == "__main__":
    checks = Checks()
    bodies = {"nsdemo": nsdemo, "restart": restart, "service": service, "service-unheld": service_unheld,
              "config-missing": config_missing, "paste": paste, "typeahead": typeahead,
              "uart-restart": uart_restart, "crlf": crlf, "rewire": rewire,
              "services-refuse": services_refuse, "essential-ends": essential_ends}
    bodies.update({f"fs-{name}": fs_check(name) for name in FS_CHECKS})
    bodies.update({f"restarts-{name}": restarts(name) for name in RESTART_PROBES})
    bodies.update({name: from_the_command_line(bodies[name]) for name in FROM_THE_COMMAND_LINE})
    for name in sys.argv[1:]:
        body = bodies.get(name)
        if not body:
            print(f"no check {name}")
            sys.exit(2)
        if name in BARE:
            checks.run(name, body)
        elif name == "config-missing":
            checks.run(name, body, config="etc/missing.conf", console="shell")
        elif name == "essential-ends":
            checks.run(name, body, config="etc/essential.conf", console="shell")
        else:
            checks.run(name, body, config=None, console="shell", append=FROM_THE_COMMAND_LINE.get(name, ""))
    checks.finish()
