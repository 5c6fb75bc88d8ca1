#!/usr/bin/env python3
"""QEMU tests of the core utilities (apps/coreutils, /bin in the boot
archive) in the full system, run at the shell's `$ ` prompt (apps/sh, as
init starts it on the console), as a user meets them:

    coreutils_test.py CHECK...

files      mkdir -p, touch, ls (-l, -a, -1), cat, cp (-r), mv, rename, rm (-r,
           -f), rmdir, stat, pwd, and their `name: path: strerror` messages
text       echo, head, tail, wc, grep (fixed strings and BREs), sort, uniq,
           seq, tee, cmp, hexdump -C byte-exact
processes  ps, kill (-SIG, -s SIG, -0, -l; procmgr's rule: any process may
           signal another, but not init nor a service init started, like
           the shell), sleep, env, true, false, free, uptime
mounts     mount (list, --bind), umount, unshare, df, sync: a bind mount is
           made in a private mountspace and nobody else sees it
exdev      mv and rename of a file and of a tree between /tmp (tmpfs) and /
           (ramfs): rename gives EXDEV, mv copies and deletes
rewritten  a program in /tmp run, then rewritten in place at the same size,
           runs its new text (procmgr's image cache must not serve the old)

Each command line is pasted whole at the prompt (shell_test.Shell): its
output is what the console shows between the line's echo and the next
prompt, and $? is asked for at that prompt. File contents are typed into
`tee FILE`, ended by Ctrl-D. Patterns for grep are quoted, as a user quotes
them for the shell.
"""
import re
import sys

from harness import Checks
from shell_test import PROMPT, Shell


def expect(s, line, out, status=0, timeout=60):
    s.check(line, out, status, timeout)


def expect_match(s, line, pattern, status=0, timeout=60):
    got, got_status = s.run(line, timeout)
    assert got_status == status and re.fullmatch(pattern, got, re.DOTALL), \
        f"{line!r}: expected status {status} and {pattern!r}, got {got_status} and {got!r}"
    return got


def write_file(s, path, lines):
    """Types lines into `tee path` (the console echoes each, tee copies it),
    then Ctrl-D. Not rerun by the leak check: it would wait for input."""
    m = s.m
    m.send(f"tee {path}")
    for line in lines:
        m.send(line)
    m.send_raw(b"\x04")
    m.expect(r"^" + PROMPT, 60)
    expect(s, f"cat {path}", "".join(line + "\n" for line in lines))


def files(m):
    m = Shell(m)
    expect(m, "mkdir -p /tmp/w/a/b", "")
    expect(m, "pwd", "/\n")
    expect(m, "touch /tmp/w/one /tmp/w/two /tmp/w/.hidden", "")
    expect(m, "ls /tmp/w", "a\none\ntwo\n")
    expect(m, "ls -1 /tmp/w/a", "b\n")
    # "." and ".." are listed when the file system's readdir gives them.
    expect_match(m, "ls -a /tmp/w", r"(\.\n\.\.\n)?\.hidden\na\none\ntwo\n")
    write_file(m, "/tmp/w/one", ["hello"])
    expect(m, "cat /tmp/w/one /tmp/w/two /tmp/w/one", "hello\nhello\n")
    expect_match(m, "ls -l /tmp/w", r"total \d+\nd\S+ .* a\n-\S+ +\d+ +\d+ +\d+ +6 .* one\n-\S+ .* two\n")
    # touch of a file that exists keeps its contents.
    expect(m, "touch /tmp/w/one", "")
    expect(m, "cp /tmp/w/one /tmp/w/a/b/copy", "")
    expect(m, "cat /tmp/w/a/b/copy", "hello\n")
    expect(m, "cp -r /tmp/w/a /tmp/w/tree", "")
    expect(m, "ls /tmp/w/tree/b", "copy\n")
    expect(m, "cp /tmp/w/a /tmp/w/x", "cp: /tmp/w/a: is a directory (not copied without -r)\n", status=1)
    expect(m, "mv /tmp/w/tree /tmp/w/moved", "")
    expect(m, "ls /tmp/w/moved/b /tmp/w", "/tmp/w/moved/b:\ncopy\n\n/tmp/w:\na\nmoved\none\ntwo\n")
    expect(m, "rename /tmp/w/one /tmp/w/uno", "")
    expect(m, "cat /tmp/w/uno", "hello\n")
    expect(m, "mkdir /tmp/w/d", "")
    expect(m, "mv /tmp/w/uno /tmp/w/two /tmp/w/d", "")
    expect(m, "ls /tmp/w/d", "two\nuno\n")
    expect_match(m, "stat /tmp/w/d/uno", r"    File: /tmp/w/d/uno\n    Type: regular file\n    Size: 6\n.*")
    expect_match(m, "stat /tmp/w/d", r"    File: /tmp/w/d\n    Type: directory\n.*")
    expect(m, "cat /tmp/w/nope", "cat: /tmp/w/nope: No such file or directory\n", status=1)
    expect(m, "ls /tmp/w/nope", "ls: /tmp/w/nope: No such file or directory\n", status=1)
    expect(m, "mkdir /tmp/w/d", "mkdir: /tmp/w/d: File exists\n", status=1)
    expect(m, "rmdir /tmp/w/d", "rmdir: /tmp/w/d: Directory not empty\n", status=1)
    expect(m, "rm /tmp/w/d", "rm: /tmp/w/d: Is a directory\n", status=1)
    expect(m, "touch /tmp/w/nope/x", "touch: /tmp/w/nope/x: No such file or directory\n", status=1)
    expect(m, "ls -z", "ls: unknown option -z\nusage: ls [-la1] [path...]\n", status=2)
    expect(m, "rm -r /tmp/w/d /tmp/w/moved", "")
    expect(m, "rm -f /tmp/w/nope", "")
    expect(m, "ls /tmp/w", "a\n")
    expect(m, "rm /tmp/w/a/b/copy", "")
    expect(m, "rmdir /tmp/w/a/b", "")
    expect(m, "ls /tmp/w/a", "")
    expect(m, "rm -r /tmp/w", "")
    expect(m, "ls /tmp", "")


def text(m):
    m = Shell(m)
    expect(m, "echo a  b", "a b\n")
    expect(m, "echo -n x | wc -c", "1\n")  # no newline
    write_file(m, "/tmp/n", [str(i) for i in range(1, 13)])
    expect(m, "head -n 2 /tmp/n", "1\n2\n")
    expect(m, "tail -n 2 /tmp/n", "11\n12\n")
    expect(m, "tail -n+11 /tmp/n", "11\n12\n")
    expect(m, "head -c 4 /tmp/n", "1\n2\n")
    expect(m, "tail -c 3 /tmp/n", "12\n")
    expect(m, "wc /tmp/n", "12 12 27 /tmp/n\n")
    expect(m, "wc -l /tmp/n", "12 /tmp/n\n")
    expect(m, "grep -c 1 /tmp/n", "4\n")
    expect(m, "grep -F -n 1 /tmp/n", "1:1\n10:10\n11:11\n12:12\n")
    expect(m, "grep -c '^1.$' /tmp/n", "3\n")
    expect(m, "grep -v '[02-9]' /tmp/n", "1\n11\n")
    expect(m, r"grep '^\(.\)\1$' /tmp/n", "11\n")
    expect(m, r"grep -e '^[[:digit:]]\{2\}$' -e ^9 /tmp/n", "9\n10\n11\n12\n")
    expect(m, "grep -n x /tmp/n", "", status=1)
    expect(m, "grep x /tmp/nope", "grep: /tmp/nope: No such file or directory\n", status=2)
    expect(m, "sort -rn /tmp/n", "".join(f"{i}\n" for i in range(12, 0, -1)))
    expect(m, "sort /tmp/n", "1\n10\n11\n12\n2\n3\n4\n5\n6\n7\n8\n9\n")
    write_file(m, "/tmp/u", ["b", "b", "a"])
    expect(m, "uniq -c /tmp/u", "      2 b\n      1 a\n")
    expect(m, "uniq -d /tmp/u", "b\n")
    expect(m, "sort -u /tmp/u", "a\nb\n")
    expect(m, "seq 1 0.5 2", "1.0\n1.5\n2.0\n")
    expect(m, "seq -s , 3", "1,2,3\n")
    expect(m, "cmp /tmp/n /tmp/n", "")
    expect(m, "cmp /tmp/n /tmp/u", "/tmp/n /tmp/u differ: char 1, line 1\n", status=1)
    expect(m, "hexdump -C /tmp/u",
           "00000000  62 0a 62 0a 61 0a                                 |b.b.a.|\n00000006\n")
    # 40 bytes: a full line, a repeat shown as `*`, and a part line.
    write_file(m, "/tmp/h", ["A" * 39])
    expect(m, "hexdump -C /tmp/h",
           "00000000  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |AAAAAAAAAAAAAAAA|\n"
           "*\n"
           "00000020  41 41 41 41 41 41 41 0a                           |AAAAAAA.|\n"
           "00000028\n")
    expect(m, "rm /tmp/n /tmp/u /tmp/h", "")


def process_lines(listing):
    """ps's lines as (pid, ppid, name)."""
    return [(int(line.split()[0]), int(line.split()[1]), line.split()[-1]) for line in listing.splitlines()[1:]]


def processes(m):
    m = Shell(m)
    listed = expect_match(m, "ps", r"    PID    PPID STATE THREADS  RSS\(KiB\) NAME\n(.*\n)+")
    # procmgr's processes: init, what it started through procmgr (the shell), and ps, the shell's child.
    lines = process_lines(listed)
    shell = [pid for pid, ppid, name in lines if name == "sh" and ppid == 1]
    assert lines[0] == (1, 0, "init") and len(shell) == 1, listed
    assert re.search(rf"^ +\d+ +{shell[0]} R +1 +\d+ ps$", listed, re.MULTILINE), listed
    expect(m, "echo $$", f"{shell[0]}\n")
    expect(m, "true", "")
    expect(m, "false", "", status=1)
    expect(m, "env -i A=1 B=2", "A=1\nB=2\n")
    expect(m, "env -i GREETING=hi env", "GREETING=hi\n")
    expect(m, "env -i nope", "env: nope: No such file or directory\n", status=127)
    expect_match(m, "free", r" +total +used +free\nMem: +\d+ +\d+ +\d+\n")
    expect_match(m, "uptime", r"up \d+:\d\d:\d\d\n")
    expect(m, "sleep 0.1", "")
    expect(m, "sleep x", "sleep: invalid time: x\nusage: sleep seconds\n", status=2)
    # Any process may signal one that is no service: a sibling ends a
    # background sleep (SIGTERM: 128 + 15), after kill -0 found it.
    out, status = m.run("sleep 100 & kill -0 $! && sh -c \"kill $!\"; wait $!")
    assert re.fullmatch(r"\[1\] \d+\n", out) and status == 143, (out, status)
    out, status = m.run("sleep 100 & sh -c \"kill -s KILL $!\"; wait $!")
    assert re.fullmatch(r"\[1\] \d+\n", out) and status == 137, (out, status)
    # Not init, nor the shell (a service init started), not even from the shell's child.
    expect(m, "kill 1", "kill: 1: Operation not permitted\n", status=1)
    expect(m, "sh -c \"kill -9 $$\"", f"kill: {shell[0]}: Operation not permitted\n", status=1)
    expect(m, "kill -s NOPE 1", "kill: NOPE: unknown signal\nusage: kill [-s signal | -signal] pid... | -l\n", status=2)
    expect(m, "kill -0 99999", "kill: 99999: No such process\n", status=1)
    expect_match(m, "kill -l", r" 1\) SIGHUP\n 2\) SIGINT\n.*15\) SIGTERM\n.*")


def rewritten(m):
    m = Shell(m)
    expect(m, "cp /bin/echo /tmp/prog", "")
    expect(m, "/tmp/prog first", "first\n")
    expect(m, "/tmp/prog again", "again\n")  # the second spawn comes from the cache
    # /bin/false padded with echo's bytes to echo's size: the same inode,
    # size and mtime; only the file system's generation tells them apart.
    expect(m, "cat /bin/false /bin/echo | head -c $(wc -c < /bin/echo) > /tmp/prog", "")
    expect(m, "cmp -s /tmp/prog /bin/echo", "", status=1)
    expect(m, "/tmp/prog second", "", status=1)
    expect(m, "rm /tmp/prog", "")


def mounts(m):
    m = Shell(m)
    listed = expect_match(m, "mount", r"(/\S*\n)+")
    assert {"/", "/tmp", "/dev", "/proc"} <= set(listed.split()), listed
    expect(m, "mkdir -p /tmp/a /mnt", "")
    write_file(m, "/tmp/a/file", ["seen"])
    # init gives the console's shell the right to change the system's
    # mountspace (docs/mountspaces.md): its children bind and unbind.
    expect(m, "mount --bind /tmp/a /mnt; cat /mnt/file", "seen\n")
    expect(m, "umount /mnt; ls /mnt", "")
    # In a private copy the bind is made, and nobody else sees it.
    expect(m, "unshare mount --bind /tmp/a /mnt", "")
    expect(m, "unshare umount /tmp", "")
    expect(m, "ls /mnt", "")
    expect_match(m, "mount", re.escape(listed))
    expect(m, "unshare nope", "unshare: nope: No such file or directory\n", status=127)
    expect_match(m, "df /tmp", r"Mounted on +1K-blocks +Used +Available +Use%\n/tmp +\d+ +\d+ +\d+ +\d+%\n")
    expect_match(m, "df /tmp/nope", r"Mounted on .*\ndf: /tmp/nope: No such file or directory\n", status=1)
    expect_match(m, "df", r"Mounted on .*\n/ +\d+ +\d+ +\d+ +\d+%\n(.*\n)*/tmp +\d+ .*\n(.*\n)*")
    expect(m, "sync", "")
    expect(m, "rm -r /tmp/a", "")
    expect(m, "rmdir /mnt", "")


def exdev(m):
    m = Shell(m)
    expect(m, "mkdir -p /tmp/src/sub", "")
    write_file(m, "/tmp/src/sub/f", ["one"])
    write_file(m, "/tmp/file", ["two"])
    expect(m, "rename /tmp/file /file", "rename: /tmp/file: Invalid cross-device link\n", status=1)
    expect(m, "rename /tmp/src /src", "rename: /tmp/src: Invalid cross-device link\n", status=1)
    expect(m, "mv /tmp/file /file", "")
    expect(m, "cat /file", "two\n")
    expect(m, "ls /tmp", "src\n")
    expect(m, "mv /tmp/src /moved", "")
    expect(m, "cat /moved/sub/f", "one\n")
    expect(m, "ls /tmp", "")
    expect(m, "mv /moved /file /tmp", "")
    expect(m, "ls /tmp", "file\nmoved\n")
    expect(m, "cat /tmp/moved/sub/f /tmp/file", "one\ntwo\n")
    expect(m, "ls /moved", "ls: /moved: No such file or directory\n", status=1)
    # Within one file system rename moves a directory across directories.
    expect(m, "mkdir /tmp/other", "")
    expect(m, "rename /tmp/moved /tmp/other/moved", "")
    expect(m, "cat /tmp/other/moved/sub/f", "one\n")
    expect(m, "rm -r /tmp/other /tmp/file", "")


if __name__ == "__main__":
    checks = Checks()
    bodies = {"files": files, "text": text, "processes": processes, "mounts": mounts, "exdev": exdev,
              "rewritten": rewritten}
    for name in sys.argv[1:]:
        body = bodies.get(name)
        if not body:
            print(f"no check {name}")
            sys.exit(2)
        checks.run(name, body, config=None, console="shell")
    checks.finish()
