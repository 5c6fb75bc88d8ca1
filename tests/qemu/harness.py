"""A tiny harness for QEMU tests: boot Tessera, talk to its console, check.

A test boots the system (optionally with a kernel command line), sends
console lines, and waits for output matching a pattern within a timeout.
Everything QEMU prints is kept, and shown when a check fails.

Every check is also a leak check. Each program a check runs from init's
kernel test monitor (bare boots) is recorded; once the check has passed,
the harness runs them all once more, in order, between two readings of the
monitor's `free` (free frames and kernel heap bytes). The check's own run
is the warm-up: what the kernel and the servers keep for good after first
use (page tables of the kernel stack region, one empty slab per size class,
a server's tables) is in place before the first reading. Memory must reach
a fixed point: if a rerun leaves it lower (a server's pool or table that
grew once more, as a thread pool sized by the most requests ever in flight
at once does), the programs run again, up to kLeakReruns times in all, and
the check passes only when one rerun leaves the memory exactly where the
rerun before it did. A leak takes memory on every run and never gets there.
A check that runs no program from the monitor, or that ends with the
machine powered off, says so in its result line. A check of the full
system drives the shell instead, and shell_test.py's Shell sets
Machine.leak_check to its own: the same with the shell's command lines and
/proc/meminfo's MemFree, passing once a reading is back at one before it,
as memory may alternate between two levels (KernelHeapBytes is shown, not
compared: see Shell.check_leaks).
"""
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "image"))
import qemu  # noqa: E402

# The most reruns the leak check makes while memory settles (module comment).
kLeakReruns = 3

BUILD = os.environ.get("TESSERA_BUILD", os.path.join(HERE, "..", "..", "build"))


class Failure(Exception):
    pass


class Machine:
    """config: init's boot configuration; "none" (the default) boots the bare
    kernel with init's kernel test monitor (`init>`, which run() drives),
    None the full system (etc/boot.conf), where init runs the shell on the
    console (shell_test.py's Shell drives it), as `make run` does.
    console: what the check drives, "init" (the test monitor) or "shell";
    it must be what the configuration gives."""

    def __init__(self, append="", mem="128M", smp=None, icount=False, disk=None, config="none", disks=(),
                 virtio_modern=False, console="init"):
        full_system = config != "none"
        if console != ("shell" if full_system else "init"):
            raise Failure(f"console={console!r}: the full system has the shell, a bare boot the test monitor")
        if config:
            append = f"--config={config} {append}".strip()
        smp = smp or int(os.environ.get("SMP") or 1)  # `make test` runs the suites with SMP=1 and SMP=4
        cmd = qemu.command(BUILD, smp=smp, mem=mem, append=append, icount=icount, disk=disk, disks=disks,
                           virtio_modern=virtio_modern)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.output = ""
        self.raw = bytearray()  # the console's bytes as sent, "\r" included
        self.consumed = 0  # expect() searches from here on
        self.programs = []  # (command, timeout) run from the test monitor, for the leak check
        self.leak_check = None  # a check's own leak check, returning its result line
        self.lock = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            chunk = self.proc.stdout.read1(4096)
            with self.lock:
                if not chunk:
                    self.lock.notify_all()
                    return
                self.raw += chunk
                self.output += chunk.decode("utf-8", "replace").replace("\r", "")
                self.lock.notify_all()

    def send(self, line):
        """Sends a console line in one burst, as a paste does."""
        self.send_raw(line.encode() + b"\n")

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def expect(self, pattern, timeout=30):
        """Waits for pattern after the previous match; returns the match."""
        regex = re.compile(pattern, re.MULTILINE)
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                m = regex.search(self.output, self.consumed)
                if m:
                    self.consumed = m.end()
                    return m
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self.reader.is_alive()):
                    raise Failure(f"timed out waiting for {pattern!r}")
                self.lock.wait(min(left, 0.5))

    def wait_for_text(self, text, since, timeout=30):
        """Waits until text is in the output from offset `since` on, where
        expect() may already have read past it: a line of a service, which
        reaches the console by another path than the shell's, may come
        before or after the prompt. Returns the output from `since`."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while text not in self.output[since:]:
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self.reader.is_alive()):
                    raise Failure(f"timed out waiting for {text!r}")
                self.lock.wait(min(left, 0.5))
            return self.output[since:]

    def run(self, command, timeout=60, leak_checked=True, prompt=True):
        """Runs a program from the test monitor and returns its output.
        leak_checked=False: the program checks the kernel's memory itself
        (syscallfuzz), so the harness does not run it a second time.
        prompt=False: the prompt came already (before log lines the check
        waited for): type the command at once."""
        if leak_checked:
            self.programs.append((command, timeout))
        if prompt:
            self.expect(r"init> ", timeout)
        start = self.consumed
        self.send(command)
        self.expect(r"^init: .*(exited with status -?\d+|killed by a fault \(cause \d+\)|: \w+)\n", timeout)
        return self.output[start:self.consumed]

    def kernel_memory(self):
        """The test monitor's `free`: (free frames, kernel heap bytes)."""
        self.expect(r"init> ", 60)
        self.send("free")
        m = self.expect(r"^free frames: (\d+)\nkernel heap: (\d+) bytes\n", 30)
        return int(m.group(1)), int(m.group(2))

    def check_leaks(self):
        """Runs the check's programs once more between two readings of the
        kernel's memory (see the module comment); returns what it did."""
        if self.proc.poll() is not None:
            return "leak check: none, the machine is off"
        if self.leak_check:
            return self.leak_check()
        if not self.programs:
            return "leak check: none, no program was run from the test monitor"
        programs = self.programs
        self.programs = []
        readings = [self.kernel_memory()]
        for _ in range(kLeakReruns):
            for command, timeout in programs:
                self.run(command, timeout, leak_checked=False)
            readings.append(self.kernel_memory())
            if readings[-1] == readings[-2]:
                return (f"leak check: {len(programs)} program(s) again x{len(readings) - 1}, "
                        f"{readings[-1][0]} free frames, {readings[-1][1]} heap bytes")
        raise Failure(f"leak: running {[c for c, _ in programs]} again {kLeakReruns} times took the kernel's "
                      f"memory (free frames, heap bytes) through {readings}")

    def wait_exit(self, timeout=30):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Failure("QEMU did not exit")

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def expect_all(m, lines, timeout=30):
    """Waits for every one of lines, in whatever order they come: services
    restarted together get there in either order."""
    waiting = set(lines)
    while waiting:
        seen = m.expect("|".join(f"(?:{line})" for line in waiting), timeout).group(0)
        waiting = {line for line in waiting if not re.fullmatch(line, seen)}


# Killing these ends the shell's console: the shell ends, and init starts it
# again on the restarted driver's /dev/console.
TAKES_THE_CONSOLE = {"uart", "devfs"}


def killed_and_back(s, service, settled=(), timeout=60):
    """`service NAME kill` at the prompt of s (shell_test.py's Shell); waits
    for init's log of the end, of the restart (logged once it serves again
    where it did) and of what else must settle (settled, in any order), and
    then for the shell to answer a line. Only then: until the root ramfs is
    back there is no /bin/echo for Shell.run's marker. Not run again by the
    leak check: a kill restarts servers while the rerun's readings are
    taken."""
    m = s.m
    m.send(f"service {service} kill")
    expect_all(m, [rf"init: service ended: {service} ", rf"init: restarted {service} "] + list(settled), timeout)
    status = shell_back(s)
    # A shell started again has no status of the kill to tell.
    assert service in TAKES_THE_CONSOLE or status == 0, f"service {service} kill: status {status}"


def shell_back(s):
    """Waits until the shell answers a line typed now, and returns the
    status ($?) it had: after a kill of the console's driver, the shell
    init started again, whose first prompt may come before or after the
    console's echo of the line. So the answer is told by its output, which
    the quotes make differ from the echo; the prompt after it is where the
    next line goes."""
    s.count += 1
    s.m.send(f"echo '@@back'-{s.count} $?")
    status = int(s.m.expect(rf"@@back-{s.count} (\d+)\n", 60).group(1))
    s.m.expect(r"\$ ", 30)
    return status


class Checks:
    """Runs named check functions, each on a fresh machine, and reports."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def run(self, name, body, **machine_args):
        m = Machine(**machine_args)
        try:
            body(m)
            leaks = m.check_leaks()
            self.passed += 1
            print(f"ok   {name} ({leaks})")
        except (Failure, AssertionError) as e:
            self.failed += 1
            print(f"FAIL {name}: {e}\n--- console ---\n{m.output}\n---------------")
        finally:
            m.close()

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


def run_disk_checks(table, names):
    """Runs the named checks of table, name -> (body, setup): setup(name)
    makes the check's disk images and returns (images, Machine arguments);
    the body finds them as m.image (one path) or m.images (a list)."""
    checks = Checks()
    for name in names:
        body, setup = table[name]
        images, machine_args = setup(name)

        def run(m, body=body, images=images):
            if isinstance(images, list):
                m.images = images
            else:
                m.image = images
            body(m)
        checks.run(name, run, **machine_args)
    checks.finish()
