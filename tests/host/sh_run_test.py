#!/usr/bin/env python3
"""Runs the shell built for the host (apps/sh, sh_host) on Linux, against the
host's /bin utilities, and checks what it prints and its exit status:

    sh_run_test.py PATH_TO_SH_HOST

Each case runs `sh_host -c TEXT`, a script file with arguments, or text on
stdin, in a fresh temporary directory. The cases of the shell language
(compound commands, functions, substitutions, here-documents, ...) are run
by dash too, the POSIX shell of Debian: ours must print what dash prints
and end with its status."""
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


def in_directory(files, action):
    directory = tempfile.mkdtemp(prefix="sh_run_")
    try:
        for path, text in (files or {}).items():
            full = os.path.join(directory, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)
        return action(directory)
    finally:
        shutil.rmtree(directory)


def like_dash(name, text, stdin=None, files=None):
    """Our shell prints what dash prints for text, and ends with its status."""
    environment = {"PATH": "/usr/bin:/bin", "HOME": "/"}
    dash = in_directory(files, lambda d: subprocess.run(["dash", "-c", text], input=stdin, capture_output=True,
                                                         text=True, cwd=d, env=environment, timeout=20))
    check(name + " (as dash)", ["-c", text], dash.stdout, status=dash.returncode, stdin=stdin, files=files,
          env={"HOME": "/"})



def as_dash(name, args, stdin=None, files=None):
    """Our shell run with args (options, -c text or a script) prints what
    dash prints, on stdout and on stderr, and ends with its status."""
    environment = {"PATH": "/usr/bin:/bin", "HOME": "/"}
    dash = in_directory(files, lambda d: subprocess.run(["dash"] + args, input=stdin, capture_output=True,
                                                         text=True, cwd=d, env=environment, timeout=20))
    check(name + " (as dash)", args, dash.stdout, status=dash.returncode, err=dash.stderr, stdin=stdin, files=files,
          env={"HOME": "/"})


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

# The shell language, as dash runs it.
like_dash("for over words, over fields, over $@",
          'for i in 1 2 3; do echo $i; done; for w in "a b" c $(echo d e); do printf "<%s>" "$w"; done; echo\n'
          'set -- x "y z"; for a; do echo "[$a]"; done; for a in; do echo never; done; echo "[$a]"')
like_dash("for on several lines", "for i in 1 2\ndo\n  echo $i\ndone\nfor j\nin a b\ndo echo $j; done")
like_dash("break and continue, with counts",
          "for i in 1 2 3 4 5; do if [ $i -eq 2 ]; then continue; fi; if [ $i -eq 4 ]; then break; fi; echo $i; "
          "done; for i in 1 2; do for j in a b c; do [ $j = b ] && continue 2; echo $i$j; done; done; "
          "for i in 1 2; do for j in a b; do break 2; done; echo never; done; echo after $i $j; "
          "for i in 1; do break 5; done; echo $?")
like_dash("while and until",
          "x=0; while [ $x -lt 3 ]; do x=$((x + 1)); echo w$x; done; until [ $x -ge 7 ]; do x=$((x + 2)); done; "
          "echo $x; while false; do :; done; echo $?; n=0; while :; do n=$((n+1)); [ $n = 4 ] && break; done; echo $n")
like_dash("while read over a pipe", "seq 1 3 | while read n; do echo n=$n; done")
like_dash("while read from a file, redirected whole", "i=0; while read a b; do i=$((i+1)); echo \"$i:$b\"; done < f; "
          "echo $i", files={"f": "1 one\n2 two  three\n3\n"})
like_dash("if, elif, else and their statuses",
          "if false; then echo 1; elif false; then echo 2; else echo 3; fi; if true; then false; fi; echo $?; "
          "if false; then :; fi; echo $?; if true\nthen\n echo multi\nfi; if ! false; then echo negated; fi")
like_dash("case: globs, quoted patterns, alternatives, no match",
          "for w in hello a* x .dot '' other; do case $w in h*o) echo glob;; 'a*') echo quoted;; x|y) echo alt;; "
          ".*) echo dot;; '') echo empty;; *) echo \"default $w\";; esac; done; case z in a) echo a;; esac; echo $?; "
          "p='[ab]'; case b in $p) echo from-variable;; esac; case b in \"$p\") echo never;; esac")
like_dash("case on several lines, ( before patterns, empty bodies",
          "case $1 in\n  (one|two)\n    echo first\n    ;;\n  three) ;;\n  *) echo rest\nesac; echo $?")
like_dash("{ } groups run in the shell; redirected whole",
          "{ echo a; echo b; } > f; cat f; { x=in-group; }; echo $x; { echo out; echo err >&2; } 2>/dev/null")
like_dash("( ) subshells do not change the shell", "x=outer; (x=inner; echo $x; cd /; pwd); echo $x; "
          "pwd | grep -c /; (exit 7); echo $?; (echo a; echo b) | tr a-z A-Z; (echo to-file) > f; cat f")
like_dash("! negates a pipeline's status", "! true; echo $?; ! false; echo $?; ! true | false; echo $?")
like_dash("command substitution: $(...) and backquotes",
          "echo $(echo one two) \"$(echo \"three  four\")\" `echo five`; echo \"$(printf 'a\\n\\n\\n')\" end; "
          "x=$(echo inner; false); echo $? $x; echo $(echo $(echo nested)); echo \"$(echo ')')\"; "
          "y=unexported; echo $(echo $y); echo `echo \\`echo bq\\``; n=$(seq 1 3 | wc -l); echo $n")
like_dash("command substitution and subshells see functions, arguments and $?",
          "f() { echo in-f $1; }; set -- first; echo $(f arg) $(echo $1); false; echo $(echo $?); "
          "sh -c 'exit 3'; (echo $?); false; { echo $?; } | cat")
like_dash("arithmetic expansion",
          "echo $((3+4)) $((1 + 2 * 3)) $(( (1 + 2) * 3 )) $((10 / 3)) $((-10 % 3)) $((1 << 3)) $((7 & 3 | 8)); "
          "n=5; echo $((n * n)) $(($n - 1)) $((n += 1)) $n $((n > 3 ? 10 : 20)) $((0x1f + 010)) $((!n)) $((~n)); "
          "i=0; while [ $i -lt 5 ]; do i=$((i + 1)); done; echo $i; echo \"$((2*3))\"")
like_dash("${NAME:-word} and its kin, ${#NAME}",
          "echo ${x:-def} ${x-d2}; x=; echo [${x:-def}] [${x-d2}] ${#x}; echo ${y:=set} $y ${#y}; "
          "echo [${y:+alt}] [${z+alt}]; set -- a; echo ${1:-none} ${2:-none} \"${3:-three and}\"; echo ${u:?oops}; echo never")
like_dash("arithmetic errors end a script with 2", "echo $((1 / 0)); echo never")
like_dash("functions: arguments, return, $? and recursion",
          "f() { echo \"f: $# $1 $2\"; return 3; }; f a 'b c'; echo $?; echo \"$#\"; "
          "count() { if [ $1 -gt 0 ]; then echo $1; count $(($1 - 1)); fi; }; count 3; "
          "g() { for i in 1 2 3; do if [ $i = 2 ]; then return $i; fi; done; echo never; }; g; echo $?; "
          "h()\n{\n  echo multi-line\n}\nh; k() ( echo subshell-body; exit 4 ); k; echo $?")
like_dash("a built-in or function in a pipeline expands its words once",
          "f() { echo \"[$1]\" \"[$2]\"; }; f \"$(echo x >> log; echo a b)\" 'c d' | cat; cat log; "
          "n=0; V=$((n += 1)) f $((n += 1)) \"$V\" | cat; test \"$(echo y >> log)\" = '' | cat; wc -l < log; "
          "pwd 2>/dev/null | grep -c /; read -r v <<EOF | cat\nline\nEOF\necho done")
like_dash("a function in a pipeline and redirected", "g() { echo g; echo $1; }; g x | tr a-z A-Z; g y > f; cat f")
like_dash("a function redefined", "f() { echo one; }; f; f() { echo two; }; f")
like_dash("shift and set --",
          "set -- a b c d; echo $# $1; shift; echo $# $1; shift 2; echo $# $1 \"$@\"; set --; echo $#; "
          "set -- 'x y' z; for a; do echo \"[$a]\"; done")
like_dash("read: splitting, the rest to the last, backslashes, -r, end of input",
          "echo line | { read v; echo \"got $v\"; }; printf 'a b c\\n' | { read one rest; echo \"[$one][$rest]\"; }; "
          "printf '  lead  trail  \\n' | { read v; echo \"[$v]\"; }; "
          "printf 'x\\\\ y z\\n' | { read a b; echo \"[$a][$b]\"; }; "
          "printf 'x\\\\ y z\\n' | { read -r a b; echo \"[$a][$b]\"; }; "
          "printf 'no newline' | { read v; echo $? \"[$v]\"; }; printf 'a:b:c\\n' | { IFS=: read x y; echo \"[$x][$y]\"; }; "
          "echo one | { read a b c; echo \"[$a][$b][$c]\"; }")
like_dash("read takes one line and leaves the rest", "{ read a; read b; echo \"$b $a\"; cat; } < f",
          files={"f": "first\nsecond\nthird\n"})
like_dash("here-documents: expanded, literal, tab-stripped, two on a line",
          "n=6\ncat <<EOF\nhere $n $((n+1)) $(echo sub)\n  '$n' \"$n\" \\$n\nEOF\ncat <<'EOF'\nliteral $n\nEOF\n"
          "cat <<-EOF\n\ttab stripped\n\t\tEOF\n\tEOF\ncat <<A; cat <<B\nfirst\nA\nsecond\nB\n"
          "while read l; do echo \"<$l>\"; done <<END\nx\ny\nEND\necho after")
like_dash("here-documents of commands run by child shells",
          "while read l; do echo \"<$l>\"; done <<END | cat\nx\ny\nEND\n"
          "{ cat <<A; cat <<'B'; } | tr a-z A-Z\none $HOME\nA\ntwo $HOME\nB\n"
          "f() { cat <<EOF; }\nbody $1\nEOF\nf arg; echo $(f sub); (f in-subshell)")
like_dash("test and [", "[ -d / ] && echo dir; [ -f / ] || echo notfile; test -z '' && echo empty; "
          "[ a != b ] && echo ne; [ 1 -lt 2 -a 3 -gt 2 ] && echo and; [ ! -e /nonexistent ] && echo missing; "
          "[ -s f ] && echo nonempty; [ -s e ] || echo empty-file; [ -r f -o -w /nonexistent ] && echo or; "
          "[ 10 -ge 9 ]; echo $?; [ \"\" ]; echo $?; [ x ]; echo $?; test; echo $?; [ \\( a = a \\) ]; echo $?; "
          "[ 1 -eq 2 ] || [ -x /bin/sh ] && echo executable", files={"f": "data", "e": ""})
like_dash("loops in pipelines and command substitutions",
          "for i in $(seq 1 3); do printf \"$i \"; done; echo; for i in 1 2; do echo $i; done | tr '\\n' ,; echo; "
          "seq 1 5 | tr '\\n' ' '; echo; x=$(for i in a b; do printf $i; done); echo $x")
like_dash("exit inside a loop and a function ends the shell", "f() { exit 5; }; for i in 1 2; do f; done; echo never")
like_dash("a compound command in the background", "for i in 1 2; do echo $i; done > f & wait; cat f; "
          "(echo sub; exit 3) > g & wait $!; echo $?; cat g")
like_dash("${x%pat} ${x%%pat} ${x#pat} ${x##pat}",
          "p=/usr/lib/libc.so.6; echo ${p%.*} ${p%%.*} ${p#*/} ${p##*/}; s='a*b*c'; echo \"${s#'a*'}\" \"${s%%\\**}\"; "
          "pat='*b'; echo \"${s##$pat}\" ${nothing%x}. \"${p%[0-9]}\"")
like_dash("eval runs its arguments as shell text, in this shell",
          "x='a b'; cmd='echo $x; y=set'; eval $cmd; echo $y; eval 'for i in 1 2; do echo $i; done'; eval false; echo $?; "
          "eval; echo $?")
like_dash(". runs a file in this shell", "y=1; . ./lib.sh; echo $y $(twice 4); . ./lib.sh; echo $y",
          files={"lib.sh": "y=$((y + 1))\ntwice() { echo $(($1 * 2)); }\n"})
like_dash("command -v and type say what a name is", "f() { :; }; command -v f; command -v cd; command -v ls; echo $?; type f cd cat")
like_dash("set -e ends the shell at a failing command, not at a tested one",
          "set -e; if false; then :; fi; false || echo or; ! true; while false; do :; done; false && echo no; "
          "echo still; f() { false; echo in-f; }; f; echo never")
like_dash("set -e reaches child shells", "set -e; (false; echo never); echo after $?")
like_dash("set +e turns it off; set -e keeps $1", "set -- a b; set -e; echo $1 $#; set +e; false; echo $?")
like_dash("set -x traces each command, expanded", "x=1; set -x; y=$x echo a \"$x b\"; set +x; echo quiet 2>&1")
like_dash("set -u makes an unset parameter an error", "set -u; echo ${X-default}; echo $X; echo never")
c("set -x goes to stderr", "set -x; echo $((1 + 1))", "2\n", err="+ echo 2\n")
c("set with an unknown option", "set -q; echo $?", "2\n", err="sh: set: -q: unknown option\n")
like_dash("local variables are put back when the function returns",
          "x=global; y=kept; f() { local x=inner y; echo $x $y; y=changed; g; }; g() { echo g sees $x; local x=g; }; "
          "f; echo $x $y; h() { local n; n=1; }; h; echo [${n-unset}]; k() { local a=1 a=2; echo $a; }; k; echo [${a-unset}]")
c("local outside a function", "local x=1; echo $? [$x]", "2 []\n", err="sh: local: not in a function\n")
like_dash("umask prints and sets the creation mask", "umask 027; umask; : > f; ls -l f | cut -c1-10; umask 0; umask")
like_dash("exec with redirections alone keeps them", "exec 3> out; echo into >&3; echo more >&3; exec 3>&-; cat out")
like_dash("exec runs the program in the shell's place", "exec sh -c 'echo replaced; exit 4'; echo never")
c("exec of nothing is 127", "exec nosuchprogram; echo never", "", status=127, err="sh: nosuchprogram: not found\n")
c("umask with a bad mode", "umask 99; echo $?; umask u=q; echo $?", "2\n2\n",
  err="sh: umask: bad mode\nsh: umask: bad mode\n")
like_dash("trap runs an action for a signal between commands, and EXIT at the end",
          "trap 'echo bye $?' EXIT; trap 'echo got TERM' TERM; trap 'echo got USR1' USR1; kill -TERM $$; "
          "kill -USR1 $$; echo after; trap; trap - USR1; trap '' TERM; kill -TERM $$; trap; false")
like_dash("exit in a script runs the EXIT trap with its status", "trap 'echo exiting $?' 0; f() { exit 3; }; f; echo never")
like_dash("a trapped INT while a program runs", "trap 'echo caught; exit 9' INT; me=$$; (sleep 0.2; kill -INT $me) & "
          "sleep 1; wait; echo never")
# A command SIGINT ended ends the line, and a shell with no terminal by
# SIGINT too, so that who waits for it sees the interrupt (Ctrl-C ending a
# child shell's command first: docs/posix.md).
c("a command SIGINT ended ends the shell by SIGINT", "\"$SH\" -c 'kill -INT $$'; echo never", "", status=-2,
  env={"SH": SH})
c("unless it traps SIGINT", "trap 'echo trapped $?' INT; \"$SH\" -c 'kill -INT $$'; echo never", "trapped 130\n",
  status=130, env={"SH": SH})
c("trap of a bad signal", "trap 'x' NOSUCH; echo $?", "1\n", err="sh: trap: NOSUCH: bad trap\n")
like_dash("printf: conversions, flags, width, precision, escapes; the format again for more arguments",
          "printf '%s-%d|%5s|%-4s|%.2s|%03d|%x %X %o %u %i|%c|%%\\n' a 42 r l xyz 7 255 255 8 9 -3 char; "
          "printf '<%s>\\n' one two three; printf 'no args\\n'; printf '%d %s\\n' 1; printf '%b|%s\\n' 'a\\tb\\0101' 'a\\tb'; "
          "printf '%d\\n' \"'A\" 0x10 010; printf 'tab\\there\\\\ \\101\\n'")
c("printf with a bad number", "printf '%d\\n' 12x; echo $?", "12\n1\n", err="sh: printf: 12x: invalid number\n")
c("command -v of nothing fails quietly", "command -v nosuch; echo $?", "1\n")
c("source is .", "source ./x.sh; echo $v", "sourced\n", files={"x.sh": "v=sourced\n"})
like_dash("a script's syntax error in a compound command", "echo before\nif true; then echo x; done\necho after")
check("a script with functions and loops", ["script.sh", "3"], "1\n2\n3\ntotal 6\n",
      files={"script.sh": "sum=0\nadd() {\n  sum=$((sum + $1))\n}\nfor i in $(seq 1 $1); do\n  echo $i\n"
                          "  add $i\ndone\necho total $sum\n"})
check("compound commands on stdin, a line at a time", [], "1\n2\nyes\n",
      stdin="for i in 1 2\ndo echo $i\ndone\nif true\nthen echo yes\nfi\n")
c("jobs lists background jobs", "sleep 10 & jobs; kill $!; wait $!; echo $?; jobs", "[1] Running sleep 10\n143\n")
c("jobs reports a finished job once", "sh -c 'exit 3' & wait $!; sh -c 'exit 4' & pid=$!; "
  "while kill -0 $pid 2>/dev/null && [ -d /proc/$pid ] && ! grep -q zombie /proc/$pid/status 2>/dev/null; do :; done; "
  "jobs; jobs; wait $pid; echo $?", "[1] Done(4) sh -c 'exit 4'\n127\n")
c("runaway recursion is an error, not a crash", "f() { f; }; f; echo $?", "2\n",
  err="sh: f: functions nested too deeply\n")
c("return outside a function", "return 2; echo $?", "1\n", err="sh: return: not in a function\n")
c("[ without ]", "[ a = a; echo $?", "2\n", err="sh: [: missing ]\n")
c("an arithmetic error says what", "echo $((2 / 0))", "", status=2, err="sh: 2 / 0: division by zero\n")

# command name args: past the functions, to the built-in or the program.
like_dash("command runs the program, not the function of that name",
          "echo() { printf 'function %s\\n' \"$*\"; }; echo one; command echo two; command command echo three; "
          "command -- echo four")
like_dash("command runs built-ins, and a missing name is 127",
          "cd() { echo no; }; command cd /; pwd; command nosuchthing 2>/dev/null; echo $?; command; echo $?")
like_dash("command in a pipeline", "cat() { echo function; }; printf 'a\\nb\\n' | command cat | command wc -l")
like_dash("unset -f forgets a function, unset -v and unset a variable",
          "f() { echo f; }; x=1; f; unset -f f; f 2>/dev/null; echo $?; unset -v x; echo \"[$x]\"; y=2; unset y; "
          "echo \"[$y]\"; unset -f nosuch; echo $?; h() { unset -f h; echo in h; }; h; h 2>/dev/null; echo $?; "
          "ls() { echo function; }; unset -f ls; ls -d /")
# umask: octal and symbolic, and -S.
like_dash("umask: symbolic modes and -S",
          "umask 022; umask -S; umask u=rwx,g=rx,o=; umask; umask -S; umask g+w; umask; umask a-x,o+r; umask -S; "
          "umask 0777; umask +rw; umask; umask -S; umask zz 2>/dev/null; echo $?; umask 0")
like_dash("umask decides the mode of a new file", "umask u=rw,g=r,o=; : > f; ls -l f | cut -c1-10")
# sh's own options: -e and -x with -c, and with a script.
as_dash("sh -e -c stops at a failing command", ["-e", "-c", "echo a; false; echo b"])
as_dash("sh -ec, conditions excepted", ["-ec", "if false; then :; fi; false || echo or; ! true; echo c; false; echo d"])
as_dash("sh -x -c traces each command on stderr", ["-x", "-c", "x=1; echo $x \"a b\"; true && echo t"])
as_dash("sh -ex with a name and arguments", ["-ex", "-c", "echo $0 $1; false; echo never", "name", "one"])
as_dash("sh +e and -- end the options", ["-e", "+e", "-c", "false; echo on"])
as_dash("sh -e script", ["-e", "s.sh", "arg"], files={"s.sh": "echo $1\nfalse\necho after\n"})
as_dash("sh -x script", ["-x", "s.sh"], files={"s.sh": "echo one\ny=2\necho $y\n"})
as_dash("sh -e reaches child shells", ["-e", "-c", "(false; echo in); echo out"])

if failures:
    print(f"{len(failures)} failed: {', '.join(failures)}")
    sys.exit(1)
print("all passed")
