"""A tiny harness for QEMU tests: boot Tessera, talk to its console, check.

A test boots the system (optionally with a kernel command line), sends
console lines, and waits for output matching a pattern within a timeout.
Everything QEMU prints is kept, and shown when a check fails.

Every check is also a leak check. Each program a check runs through init
(Machine.run) is recorded; once the check has passed, the harness runs
them all once more, in order, between two readings of init's `free` (free
frames and kernel heap bytes). The check's own run is the warm-up: what the
kernel and the servers keep for good after first use (page tables of the
kernel stack region, one empty slab per size class, a server's tables) is
in place before the first reading. Memory must reach a fixed point: if a
rerun leaves it lower (a server's pool or table that grew once more, as a
thread pool sized by the most requests ever in flight at once does), the
programs run again, up to kLeakReruns times in all, and the check passes
only when one rerun leaves the memory exactly where the rerun before it
did. A leak takes memory on every run and never gets there. A check that
runs no program through init, or that ends with the machine powered off,
says so in its result line. A check that drives the shell instead sets
Machine.leak_check to its own (shell_test.py: the same, with the shell's
command lines and /proc/meminfo, passing once a reading is back at one
before it, as memory may alternate between two levels).
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
    kernel with init's console, None the full system (etc/boot.conf).
    console: "init" (the default) keeps init's own console (`init>`, which
    run() drives) where boot.conf names a console program; "shell" lets init
    start it (boot.conf's `console sh`), as `make run` does."""

    def __init__(self, append="", mem="128M", smp=None, icount=False, disk=None, config="none", disks=(),
                 virtio_modern=False, console="init"):
        if console == "init" and config is None:  # only boot.conf names a console program
            append = f"--console=init {append}".strip()
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
        self.programs = []  # (command, timeout) run through init, for the leak check
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

    def run(self, command, timeout=60, leak_checked=True, prompt=True):
        """Runs a program through init's console and returns its output.
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
        """init's `free`: (free frames, kernel heap bytes)."""
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
            return "leak check: none, no program was run through init"
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
