#!/usr/bin/env python3
"""Runs the shell built for the host (apps/sh, sh_host) on Linux, against the
host's /bin utilities, and checks what it prints and its exit status:

    sh_run_test.py PATH_TO_SH_HOST

Each case runs `sh_host -c TEXT`, a script file with arguments, or text on
stdin, in a fresh temporary directory."""
import os
import shutil
import subprocess
import sys
import tempfile

SH = os.path.abspath(sys.argv[1])
failures = []


def run(args, stdin=None, cwd=None, env=None):
    environment = {"PATH": "/usr/bin:/bin", "HOME": cwd or "/"}
    environment.update(env or {})
    return subprocess.run([SH] + args, input=stdin, capture_output=True, text=True, cwd=cwd, env=environment,
                          timeout=20)


def check(name, args, out, status=0, err=None, stdin=None, files=None, env=None):
    directory = tempfile.mkdtemp(prefix="sh_run_")
    try:
        for path, text in (files or {}).items():
            full = os.path.join(directory, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)
        result = run(args, stdin=stdin, cwd=directory, env=env)
        problems = []
        if result.stdout != out:
            problems.append(f"stdout {result.stdout!r}, expected {out!r}")
        if result.returncode != status:
            problems.append(f"status {result.returncode}, expected {status}")
        if err is not None and result.stderr != err:
            problems.append(f"stderr {result.stderr!r}, expected {err!r}")
        if problems:
            failures.append(name)
            print(f"FAIL {name}: " + "; ".join(problems))
        else:
            print(f"ok   {name}")
    finally:
        shutil.rmtree(directory)


def c(name, text, out, **kwargs):
    check(name, ["-c", text], out, **kwargs)


# Quoting and variables.
c("quoting", "echo 'a  $b' \"c  $HOME\" d\\ \\$e", "a  $b c  /tmp/x d $e\n", env={"HOME": "/tmp/x"})
c("variables", "X=1; Y=\"$X 2\"; echo $X \"$Y\" ${X}3; unset X; echo \"[$X]\"", "1 1 2 13\n[]\n")
c("field splitting", "X='a   b'; printf '<%s>' $X \"$X\"; echo", "<a><b><a   b>\n")
c("export reaches children; plain variables do not",
  "A=1; export B=2; sh -c 'echo \"[$A][$B]\"'", "[][2]\n")
c("VAR=x cmd is for that command only", "V=here env | grep '^V='; echo \"[$V]\"", "V=here\n[]\n")
c("VAR=x before a built-in lasts for it only", "X=1; X=2 Y=3 true; echo $X [$Y]; HOME=/tmp cd; pwd; echo [$HOME]",
  "1 []\n/tmp\n[/]\n", env={"HOME": "/"})
c("$$ is the shell's pid", "echo $$ > pid; cat pid | grep -c '^[0-9][0-9]*$'", "1\n")
check("-c with a name and arguments", ["-c", "echo $0 $1 \"$2\" $#", "name", "a", "b c"], "name a b c 2\n")

# Exit statuses.
c("$? after failure and success", "false; echo $?; true; echo $?; sh -c 'exit 7'; echo $?", "1\n0\n7\n")
c("not found is 127 with a message", "nosuchcommand arg; echo $?", "127\n", err="sh: nosuchcommand: not found\n")
c("not executable is 126", "echo x > f; ./f; echo $?", "126\n")
c("exit n ends the shell", "echo a; exit 3; echo b", "a\n", status=3)
c("the status of a pipeline is its last command's", "false | true; echo $?; true | false; echo $?", "0\n1\n")

# && || ; precedence (equal, left to right; pipelines bind tighter).
c("&& runs after success only", "true && echo yes; false && echo no; echo end", "yes\nend\n")
c("|| runs after failure only", "false || echo yes; true || echo no", "yes\n")
c("a || b && c runs c when a succeeded", "true || echo b && echo c", "c\n")
c("a && b || c runs c when a failed", "false && echo b || echo c", "c\n")
c("pipelines bind tighter than &&", "echo abc | grep -q x && echo found || echo missing", "missing\n")

# Pipelines.
c("a pipeline of five", "seq 1 20 | grep 1 | sort -r | head -3 | tr '\\n' ,", "19,18,17,")
c("a long pipeline", "echo x" + " | cat" * 30, "x\n")
c("a pipeline moving 1 MiB", "head -c 1048576 /dev/zero | cat | cat | cat | wc -c", "1048576\n")

# Redirections.
c("> and <", "echo hi > f; cat < f", "hi\n")
c(">> appends", "echo a > f; echo b >> f; cat f", "a\nb\n")
c("> truncates", "echo long > f; echo s > f; cat f", "s\n")
c("2> and 2>&1", "ls /nonexistent 2> err; echo $?; grep -c nonexistent err; ls /nonexistent 2>&1 | grep -c nonexist",
  "2\n1\n1\n")
c("2>&1 >f keeps stderr on the old stdout",
  "sh -c 'echo out; echo err >&2' 2>&1 > f | tr a-z A-Z; cat f", "ERR\nout\n")
c("n> and n< in general", "echo three 3> f >&3; cat f; cat 4< f <&4", "three\nthree\n")
c("a redirection error names the file and skips the command",
  "echo x > /nonexistent/f; echo $?", "1\n", err="sh: /nonexistent/f: No such file or directory\n")
c("redirections of a built-in are undone after it", "pwd > f; echo after; cat f | grep -c /", "after\n1\n")
c("a built-in with a bad descriptor does not run", "pwd >&7; echo $?", "1\n", err="sh: 7: Bad file descriptor\n")
c("a redirection alone creates the file", "> empty; wc -c < empty", "0\n")

# Background jobs and wait.
c("& and wait: a background and-or list", "sleep 0.2 && echo late > out & wait; cat out", "late\n")
c("a background pipeline", "seq 1 3 | tr 1-3 a-c > out & wait $!; echo $?; cat out", "0\na\nb\nc\n")
c("wait PID gives that job's status", "sh -c 'exit 5' & wait $!; echo $?", "5\n")
c("wait for an unknown pid is 127", "wait 999999; echo $?", "127\n")

# Built-ins.
c("cd and pwd", "mkdir -p d/e; cd d/e; pwd | sed 's|.*/||'; cd ..; pwd | sed 's|.*/||'", "e\nd\n")
check("cd with no argument goes $HOME (here the test's directory)", ["-c", "cd /; cd; ls"], "marker\n",
      files={"marker": ""})
c("cd with no argument and no $HOME goes /", "unset HOME; cd; pwd", "/\n")
c("cd to a missing directory fails", "cd /nonexistent; echo $?", "1\n",
  err="sh: cd: /nonexistent: No such file or directory\n")
c("export lists exported variables", "export ZZZ=1; export | grep ZZZ", "export ZZZ=1\n")

# Globbing.
check("globbing is sorted and leaves no-match words alone", ["-c", "echo *.c; echo ?.h; echo [ab].*; echo *.none"],
      "a.c b.c\nc.h\na.c b.c\n*.none\n", files={"b.c": "", "a.c": "", "c.h": ""})
check("quoted patterns do not glob", ["-c", "echo '*.c' \"*\".c \\*.c"], "*.c *.c *.c\n", files={"a.c": ""})

# Comments, scripts and stdin.
c("comments", "echo a # b c\n# whole line\necho d#e", "a\nd#e\n")
check("a script with arguments", ["script.sh", "one", "two three"],
      "script.sh 2\none\ntwo three\nstatus 1\n",
      files={"script.sh": "# a comment\necho $0 $#\nfor_each=1\necho \"$1\"\necho \"$2\"\nfalse\n"
                          "echo status $?\n"})
check("a missing script", ["missing.sh"], "", status=127, err="sh: missing.sh: No such file or directory\n")
check("commands on stdin, a line at a time; no prompt when stdin is no terminal", [],
      "1\n2\n3\n", stdin="echo 1\nhead -c 2\n2\necho 3\n")
check("a command continued on the next line", [], "a b\nc\n", stdin="echo a \\\nb\necho 'c\n' | head -1\n")
check("a syntax error sets 2 and goes on in a session", [], "2\n", stdin="echo ;;\necho $?\n")
c("a syntax error stops a script", "echo a; | b\necho c", "", status=2)

if failures:
    print(f"{len(failures)} failed: {', '.join(failures)}")
    sys.exit(1)
print("all passed")
