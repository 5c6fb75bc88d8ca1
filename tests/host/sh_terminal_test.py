#!/usr/bin/env python3
"""Runs the host shell (sh_host) on a pseudo-terminal, as a user at a
terminal would: the prompt, a command reading the terminal, Ctrl-C of a
running command and of a pipeline (the shell lives on, $? is 130, a
background job lives on too), Ctrl-C at the prompt, and Ctrl-D at an empty
prompt.

    sh_terminal_test.py PATH_TO_SH_HOST"""
import fcntl
import os
import pty
import re
import select
import subprocess
import sys
import shutil
import tempfile
import termios
import time

SH = os.path.abspath(sys.argv[1])


class Terminal:
    def __init__(self):
        master, slave = pty.openpty()
        self.master = master

        def controlling_terminal():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.directory = tempfile.mkdtemp(prefix="sh_terminal_")
        self.proc = subprocess.Popen([SH], stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                                     preexec_fn=controlling_terminal, cwd=self.directory,
                                     env={"PATH": "/usr/bin:/bin", "HOME": "/", "TERM": "dumb"})
        os.close(slave)
        self.output = ""
        self.consumed = 0

    def send(self, text):
        os.write(self.master, text.encode())

    def expect(self, pattern, timeout=10):
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern, re.M)
        while True:
            match = regex.search(self.output, self.consumed)
            if match:
                self.consumed = match.end()
                return match
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {pattern!r} in {self.output[self.consumed:]!r}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.output += os.read(self.master, 4096).decode(errors="replace")
                except OSError:  # the shell is gone: nothing more comes
                    raise AssertionError(f"no {pattern!r} in {self.output[self.consumed:]!r} (shell ended)")


def main():
    t = Terminal()
    t.expect(r"\$ ")
    t.send("echo hi there\n")
    t.expect(r"^hi there\r?$")
    t.expect(r"\$ ")

    # Ctrl-C ends the command in the foreground, not the shell. The command
    # says when it runs, so that Ctrl-C comes after it started.
    t.send("sh -c 'echo started; exec sleep 100'\n")
    t.expect(r"^started\r?$")
    t.send("\x03")
    t.expect(r"\$ ")
    t.send("echo status $?\n")
    t.expect(r"^status 130\r?$")
    t.expect(r"\$ ")

    # The foreground job has the terminal: it reads what is typed.
    t.send("head -1\n")
    t.expect(r"head -1\r?\n")
    t.send("typed line\n")
    t.expect(r"^typed line\r?\ntyped line\r?$")  # the echo, then head's output
    t.expect(r"\$ ")

    # Ctrl-C ends every process of a foreground pipeline, and no
    # background job (each job is a process group of its own).
    t.send("sh -c 'sleep 1; echo survived' > bg.out &\n")
    t.expect(r"\[\d+\] \d+")
    t.expect(r"\$ ")
    t.send("sh -c 'echo started; exec sleep 100' | cat\n")
    t.expect(r"^started\r?$")
    t.send("\x03")
    t.expect(r"\$ ")
    t.send("echo pipeline $?; wait; cat bg.out; rm bg.out\n")
    t.expect(r"^pipeline 130\r?\nsurvived\r?$")
    t.expect(r"\$ ")

    # Ctrl-C at the prompt drops the line typed so far.
    t.send("echo never")
    t.expect("never")
    t.send("\x03")
    t.expect(r"\$ ")
    t.send("echo after $?\n")
    t.expect(r"^after 130\r?$")
    t.expect(r"\$ ")

    # A command continued on a second line gets the "> " prompt.
    t.send("echo one &&\n")
    t.expect(r"> ")
    t.send("echo two\n")
    t.expect(r"^one\r?\ntwo\r?$")
    t.expect(r"\$ ")

    # A compound command typed over lines: "> " for each line after the first.
    t.send("for i in 1 2\n")
    t.expect(r"> ")
    t.send("do echo item $i\n")
    t.expect(r"> ")
    t.send("done\n")
    t.expect(r"^item 1\r?\nitem 2\r?$")
    t.expect(r"\$ ")

    # Ctrl-C ends the loop around the command it ends, and the rest of the line.
    t.send("while true; do sh -c 'echo started; exec sleep 100'; done; echo after-loop\n")
    started = t.expect(r"^started\r?$")
    t.send("\x03")
    t.expect(r"\$ ")
    assert not re.search(r"^after-loop", t.output[started.end():], re.M), t.output[started.end():]
    t.send("echo loop $?\n")
    t.expect(r"^loop 130\r?$")
    t.expect(r"\$ ")

    # Ctrl-C in a function ends the command it runs and the function.
    t.send("f() { sh -c 'echo started; exec sleep 100'; echo after-f; }; f\n")
    started = t.expect(r"^started\r?$")
    t.send("\x03")
    t.expect(r"\$ ")
    assert not re.search(r"^after-f", t.output[started.end():], re.M), t.output[started.end():]
    t.send("echo function $?\n")
    t.expect(r"^function 130\r?$")
    t.expect(r"\$ ")

    # Ctrl-C ends a command substitution, and the command it was for.
    t.send("echo $(sh -c 'echo started >&2; exec sleep 100') never-echoed\n")
    started = t.expect(r"^started\r?$")
    t.send("\x03")
    t.expect(r"\$ ")
    assert not re.search(r"never-echoed\r?$", t.output[started.end():], re.M), t.output[started.end():]
    t.send("echo substitution $?\n")
    t.expect(r"^substitution 130\r?$")
    t.expect(r"\$ ")

    # Ctrl-D at an empty prompt ends the shell, with the last status.
    t.send("false\n")
    t.expect(r"\$ ")
    t.send("\x04")
    status = t.proc.wait(timeout=10)
    assert status == 1, status
    shutil.rmtree(t.directory)
    print("all passed")


main()
