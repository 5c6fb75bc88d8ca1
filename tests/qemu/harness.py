"""A tiny harness for QEMU tests: boot Tessera, talk to its console, check.

A test boots the system (optionally with a kernel command line), sends
console lines, and waits for output matching a pattern within a timeout.
Everything QEMU prints is kept, and shown when a check fails.
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

BUILD = os.environ.get("TESSERA_BUILD", os.path.join(HERE, "..", "..", "build"))


class Failure(Exception):
    pass


class Machine:
    """config: init's boot configuration; "none" (the default) boots the bare
    kernel with init's console, None the full system (etc/boot.conf)."""

    def __init__(self, append="", mem="128M", smp=1, icount=False, disk=None, config="none"):
        if config:
            append = f"--config={config} {append}".strip()
        cmd = qemu.command(BUILD, smp=smp, mem=mem, append=append, icount=icount, disk=disk)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.output = ""
        self.raw = bytearray()  # the console's bytes as sent, "\r" included
        self.consumed = 0  # expect() searches from here on
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

    def run(self, command, timeout=60):
        """Runs a program through init's console and returns its output."""
        self.expect(r"init> ", timeout)
        start = self.consumed
        self.send(command)
        self.expect(r"^init: .*(exited with status -?\d+|killed by a fault \(cause \d+\)|: \w+)\n", timeout)
        return self.output[start:self.consumed]

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
            self.passed += 1
            print(f"ok   {name}")
        except (Failure, AssertionError) as e:
            self.failed += 1
            print(f"FAIL {name}: {e}\n--- console ---\n{m.output}\n---------------")
        finally:
            m.close()

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)
