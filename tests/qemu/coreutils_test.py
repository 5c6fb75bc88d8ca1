#!/usr/bin/env python3
"""QEMU tests of the core utilities (apps/coreutils) in the full system,
driven through the shell at its `$ ` prompt:

    coreutils_test.py CHECK...

files      mkdir -p, touch, ls (-l, -a), cat, cp (-r), mv, rename, rm (-r, -f),
           rmdir, stat, pwd, and their `name: path: strerror` messages
text       echo, head, tail, wc, grep, sort, uniq, seq, tee, cmp, hexdump -C
processes  ps, kill (-SIG, -s SIG), sleep, env, true, false, free, uptime, and
           `yes | head -1` ending yes through EPIPE
mounts     mount (list, --bind), umount, unshare, df, sync: a bind mount made
           under unshare is seen there and nowhere else
exdev      mv of a file and of a tree from /tmp (tmpfs) to / (ramfs): rename
           gives EXDEV, mv copies and deletes

Not yet listed in tests/meson.build: the utilities join the boot archive
with the POSIX layer and the shell (issue 9), and these checks run then.
Each command line is pasted whole, followed by `echo @status=$?`, and the
check reads the command's output up to that line.
"""
import re
import sys

from harness import Checks

PROMPT = r"\$ "


def sh(m, line, timeout=60):
    """Runs one shell line; returns (status, output) with the output's lines
    as the console shows them (the echoed command line left out)."""
    m.expect(PROMPT, timeout)
    start = m.consumed
    m.send(f"{line}; echo @status=$?")
    found = m.expect(r"^@status=(\d+)\n", timeout)
    text = m.output[start:found.start()]
    # The console echoes the line as typed: the output starts after it.
    echoed = text.find("\n")
    return int(found.group(1)), text[echoed + 1:] if echoed >= 0 else ""


def expect_sh(m, line, out, status=0, timeout=60):
    got = sh(m, line, timeout)
    assert got == (status, out), f"{line!r}: expected {(status, out)!r}, got {got!r}"


def expect_match(m, line, pattern, status=0, timeout=60):
    got_status, got = sh(m, line, timeout)
    assert got_status == status and re.fullmatch(pattern, got, re.DOTALL), \
        f"{line!r}: expected status {status} and {pattern!r}, got {got_status} and {got!r}"
    return got


def files(m):
    expect_sh(m, "mkdir -p /tmp/w/a/b && cd /tmp/w && pwd", "/tmp/w\n")
    expect_sh(m, "cd /tmp/w && touch one two .hidden && ls", "a\none\ntwo\n")
    # "." and ".." are listed when the file system's readdir gives them.
    expect_match(m, "cd /tmp/w && ls -a", r"(\.\n\.\.\n)?\.hidden\na\none\ntwo\n")
    expect_sh(m, "cd /tmp/w && echo hello > one && cat one two one", "hello\nhello\n")
    expect_match(m, "ls -l /tmp/w", r"total \d+\nd\S+ .* a\n-\S+ +\d+ +\d+ +\d+ +6 .* one\n-\S+ .* two\n")
    expect_sh(m, "cd /tmp/w && cp one a/b/copy && cat a/b/copy", "hello\n")
    expect_sh(m, "cd /tmp/w && cp -r a tree && ls tree/b", "copy\n")
    expect_sh(m, "cd /tmp/w && mv tree moved && ls moved/b && ls", "copy\na\nmoved\none\ntwo\n")
    expect_sh(m, "cd /tmp/w && rename one uno && cat uno", "hello\n")
    expect_sh(m, "cd /tmp/w && mkdir d && mv uno two d && ls d", "two\nuno\n")
    expect_match(m, "stat /tmp/w/d/uno", r"    File: /tmp/w/d/uno\n    Type: regular file\n    Size: 6\n.*")
    expect_match(m, "cat /tmp/w/nope", r"cat: /tmp/w/nope: No such file or directory\n", status=1)
    expect_match(m, "rmdir /tmp/w/d", r"rmdir: /tmp/w/d: Directory not empty\n", status=1)
    expect_match(m, "rm /tmp/w/d", r"rm: /tmp/w/d: Is a directory\n", status=1)
    expect_sh(m, "rm -r /tmp/w/d /tmp/w/moved && rm -f /tmp/w/nope && ls /tmp/w", "a\n")
    expect_sh(m, "rm -r /tmp/w && ls /tmp", "")


def text(m):
    expect_sh(m, "echo a  b", "a b\n")
    expect_sh(m, "echo -n x; echo y", "xy\n")
    expect_sh(m, "seq 1 12 > /tmp/n && head -n 2 /tmp/n && tail -n 2 /tmp/n", "1\n2\n11\n12\n")
    expect_sh(m, "head -c 3 /tmp/n | hexdump -C",
              "00000000  31 0a 32                                          |1.2|\n00000003\n")
    expect_sh(m, "tail -n +11 /tmp/n", "11\n12\n")
    expect_sh(m, "wc /tmp/n", "12 12 27 /tmp/n\n")
    expect_sh(m, "wc -l < /tmp/n", "12\n")
    expect_sh(m, "grep 1 /tmp/n | wc -l", "4\n")
    expect_sh(m, "grep -c '^1.$' /tmp/n", "3\n")
    expect_sh(m, "grep -v '[02-9]' /tmp/n", "1\n11\n")
    expect_sh(m, "grep -n x /tmp/n", "", status=1)
    expect_sh(m, "sort -rn /tmp/n | head -n 3", "12\n11\n10\n")
    expect_sh(m, "sort /tmp/n | head -n 4", "1\n10\n11\n12\n")
    expect_sh(m, "echo b a b b | tee /tmp/t | wc -w && cat /tmp/t", "4\nb a b b\n")
    expect_sh(m, "echo b > /tmp/u && echo b >> /tmp/u && echo a >> /tmp/u && uniq -c /tmp/u",
              "      2 b\n      1 a\n")
    expect_sh(m, "seq 1 0.5 2", "1.0\n1.5\n2.0\n")
    expect_sh(m, "cmp /tmp/n /tmp/n", "")
    expect_sh(m, "cmp /tmp/n /tmp/u", "/tmp/n /tmp/u differ: char 1, line 1\n", status=1)
    expect_sh(m, "rm /tmp/n /tmp/t /tmp/u", "")


def processes(m):
    listed = expect_match(m, "ps", r"    PID    PPID STATE THREADS  RSS\(KiB\) NAME\n(.*\n)+")
    names = [line.split()[-1] for line in listed.splitlines()[1:]]
    assert "sh" in names and "ps" in names and "vfs" in names, listed
    expect_sh(m, "true", "")
    expect_sh(m, "false", "", status=1)
    expect_sh(m, "env -i A=1 B=2", "A=1\nB=2\n")
    expect_sh(m, "env -i GREETING=hi env", "GREETING=hi\n")
    expect_match(m, "free", r" +total +used +free\nMem: +\d+ +\d+ +\d+\n")
    expect_match(m, "uptime", r"up \d+:\d\d:\d\d\n")
    expect_sh(m, "yes | head -n 1", "y\n")
    expect_sh(m, "sleep 100 & kill $!; wait $!; echo $?", "143\n")
    expect_sh(m, "sleep 100 & kill -9 $!; wait $!; echo $?", "137\n")
    expect_sh(m, "sleep 100 & kill -s KILL $!; wait $!; echo $?", "137\n")
    expect_match(m, "kill 99999", r"kill: 99999: No such process\n", status=1)
    expect_sh(m, "sleep 0.1", "")


def mounts(m):
    listed = expect_match(m, "mount", r"(/\S*\n)+")
    assert {"/", "/tmp", "/dev"} <= set(listed.split()), listed
    expect_sh(m, "mkdir -p /tmp/a /mnt && echo seen > /tmp/a/file", "")
    # A shell's session shares init's mountspace, without the right to change it.
    expect_match(m, "mount --bind /tmp/a /mnt", r"mount: /mnt: Permission denied\n", status=1)
    expect_sh(m, "unshare sh -c 'mount --bind /tmp/a /mnt && cat /mnt/file && umount /mnt && ls /mnt'", "seen\n")
    expect_sh(m, "unshare sh -c 'mount --bind /tmp/a /mnt && mount | grep -c mnt'", "1\n")
    expect_sh(m, "ls /mnt; mount | grep -c mnt", "0\n", status=1)
    expect_match(m, "df /tmp", r"Mounted on +1K-blocks +Used +Available +Use%\n/tmp +\d+ +\d+ +\d+ +\d+%\n")
    expect_sh(m, "sync", "")
    expect_sh(m, "rm -r /tmp/a", "")


def exdev(m):
    expect_sh(m, "mkdir -p /tmp/src/sub && echo one > /tmp/src/sub/f && echo two > /tmp/file", "")
    expect_match(m, "rename /tmp/file /file", r"rename: /tmp/file: Invalid cross-device link\n", status=1)
    expect_sh(m, "mv /tmp/file /file && cat /file && ls /tmp", "two\nsrc\n")
    expect_sh(m, "mv /tmp/src /moved && cat /moved/sub/f && ls /tmp", "one\n")
    expect_sh(m, "mv /moved /file /tmp && ls /tmp && cat /tmp/moved/sub/f", "file\nmoved\none\n")
    expect_sh(m, "rm -r /tmp/moved /tmp/file", "")


if __name__ == "__main__":
    checks = Checks()
    bodies = {"files": files, "text": text, "processes": processes, "mounts": mounts, "exdev": exdev}
    for name in sys.argv[1:]:
        body = bodies.get(name)
        if not body:
            print(f"no check {name}")
            sys.exit(2)
        checks.run(name, body, config=None)
    checks.finish()
