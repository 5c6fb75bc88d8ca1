"""Runs the host builds of the core utilities (apps/coreutils, <name>_host)
in a fresh temporary directory per check, and checks their exact output,
their messages and their exit status: against expectations written here
and, where the host has the same utility (GNU coreutils, grep,
util-linux's hexdump), against its output.

usage: coreutils_run_test.py BIN_DIR [check...]
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join("build", "apps", "coreutils"))
ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "TZ": "UTC", "HOME": "/"}
CHECKS = []


class Failure(Exception):
    pass


def check(fn):
    CHECKS.append(fn)
    return fn


def tool(name):
    return os.path.join(os.path.abspath(BIN), name + "_host")


def run(name, *args, stdin=b"", env=None):
    """Runs our utility: (status, stdout, stderr), as bytes."""
    p = subprocess.run([tool(name), *args], input=stdin, capture_output=True, env=env or ENV, timeout=20)
    return p.returncode, p.stdout, p.stderr


def host(name, *args, stdin=b""):
    """Runs the host's own utility of that name."""
    p = subprocess.run([name, *args], input=stdin, capture_output=True, env=ENV, timeout=20)
    return p.returncode, p.stdout, p.stderr


def expect(actual, expected, what):
    if actual != expected:
        raise Failure(f"{what}:\n  expected {expected!r}\n  got      {actual!r}")


def expect_run(name, args, status=0, out=b"", err=b"", stdin=b""):
    got = run(name, *args, stdin=stdin)
    expect(got, (status, out, err), f"{name} {' '.join(args)}")


def same_as_host(name, args, stdin=b"", host_name=None):
    """Our output, messages aside, equals the host's, status included."""
    ours = run(name, *args, stdin=stdin)
    theirs = host(host_name or name, *args, stdin=stdin)
    expect(ours[:2], theirs[:2], f"{name} {' '.join(args)} (status, stdout) against the host's")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def read(path):
    with open(path, "rb") as f:
        return f.read()


# --- cat, echo, true, false, pwd, sync -----------------------------------

@check
def cat_concatenates_files_and_stdin():
    write("a", "one\n")
    write("b", "two")
    expect_run("cat", ["a", "-", "b"], out=b"one\nmiddle\ntwo", stdin=b"middle\n")
    expect_run("cat", [], out=b"from stdin", stdin=b"from stdin")


@check
def cat_reports_a_missing_file_and_goes_on():
    write("a", "one\n")
    expect_run("cat", ["nope", "a"], status=1, out=b"one\n", err=b"cat: nope: No such file or directory\n")
    expect_run("cat", ["."], status=1, err=b"cat: .: Is a directory\n")


@check
def echo_joins_its_arguments():
    expect_run("echo", ["a", "b  c"], out=b"a b  c\n")
    expect_run("echo", ["-n", "x"], out=b"x")
    expect_run("echo", [], out=b"\n")
    expect_run("echo", ["--", "-e"], out=b"-- -e\n")


@check
def true_and_false():
    expect_run("true", [])
    expect_run("false", [], status=1)


@check
def pwd_prints_the_working_directory():
    expect_run("pwd", [], out=os.getcwd().encode() + b"\n")


@check
def bad_options_are_named_and_followed_by_the_usage():
    expect_run("ls", ["-x"], status=2, err=b"ls: unknown option -x\nusage: ls [-la1] [path...]\n")
    expect_run("head", ["-n"], status=2,
               err=b"head: option -n needs an argument\nusage: head [-n lines | -c bytes] [file...]\n")
    expect_run("grep", ["-z", "x"], status=2,
               err=b"grep: unknown option -z\nusage: grep [-Fvicnlq] [-e pattern]... [pattern] [file...]\n")
    expect_run("cmp", ["-x", "a", "b"], status=2, err=b"cmp: unknown option -x\nusage: cmp [-s] file1 file2\n")


@check
def getconf_prints_what_the_hosts_getconf_prints():
    # On the host our getconf reads glibc's sysconf: the same numbers.
    for name in ["ARG_MAX", "OPEN_MAX", "PAGESIZE", "PAGE_SIZE"]:
        same_as_host("getconf", [name])
    expect_run("getconf", ["NO_SUCH_NAME"], 1, err=b"getconf: NO_SUCH_NAME: unknown variable\n")
    expect_run("getconf", [], 2, err=b"usage: getconf name\n")


@check
def sync_succeeds():
    expect_run("sync", [])
    expect_run("sync", ["x"], status=2, err=b"usage: sync \n")


# --- ls ------------------------------------------------------------------

@check
def ls_lists_sorted_names_one_a_line():
    for name in ["b", "a", "C", ".hidden"]:
        write(name, "")
    os.mkdir("dir")
    expect_run("ls", [], out=b"C\na\nb\ndir\n")
    expect_run("ls", ["-1"], out=b"C\na\nb\ndir\n")
    expect_run("ls", ["-a"], out=b".\n..\n.hidden\nC\na\nb\ndir\n")
    expect_run("ls", ["dir"], out=b"")


@check
def ls_shows_files_first_then_each_directory_under_its_name():
    os.mkdir("d1")
    os.mkdir("d2")
    write("d1/x", "")
    write("f", "")
    expect_run("ls", ["d2", "f", "d1"], out=b"f\n\nd2:\n\nd1:\nx\n")
    expect_run("ls", ["nope", "f"], status=1, out=b"f\n", err=b"ls: nope: No such file or directory\n")


@check
def ls_long_format():
    write("file", "12345")
    os.chmod("file", 0o640)
    os.mkdir("sub")
    os.chmod("sub", 0o755)
    when = time.mktime((2020, 1, 2, 3, 4, 5, 0, 0, 0)) - time.timezone
    os.utime("file", (when, when))
    status, out, err = run("ls", "-l")
    expect((status, err), (0, b""), "ls -l status")
    lines = out.decode().splitlines()
    expect(lines[0].startswith("total "), True, f"ls -l's total line in {lines}")
    uid, gid = os.getuid(), os.getgid()
    expect(re.sub(r" +", " ", lines[1]), f"-rw-r----- 1 {uid} {gid} 5 Jan 2 2020 file", "a file's line")
    expect(re.match(r"drwxr-xr-x +\d+ \d+ \d+ +\d+ \w{3} [ \d]\d \d\d:\d\d sub$", lines[2]) is not None, True,
           f"a recent directory's line {lines[2]!r}")


# --- mkdir, rmdir, rm, touch ----------------------------------------------

@check
def mkdir_makes_directories_and_parents_with_p():
    expect_run("mkdir", ["a", "b"])
    expect(os.path.isdir("a") and os.path.isdir("b"), True, "made")
    expect_run("mkdir", ["a"], status=1, err=b"mkdir: a: File exists\n")
    expect_run("mkdir", ["x/y"], status=1, err=b"mkdir: x/y: No such file or directory\n")
    expect_run("mkdir", ["-p", "x/y//z/", "a"])
    expect(os.path.isdir("x/y/z"), True, "made with parents")
    write("file", "")
    expect_run("mkdir", ["-p", "file/sub"], status=1, err=b"mkdir: file: Not a directory\n")
    expect_run("mkdir", [], status=2, err=b"usage: mkdir [-p] dir...\n")


@check
def rmdir_removes_only_empty_directories():
    os.makedirs("full/inner")
    os.mkdir("empty")
    expect_run("rmdir", ["empty", "full"], status=1, err=b"rmdir: full: Directory not empty\n")
    expect(os.path.exists("empty"), False, "the empty one is gone")


@check
def rm_removes_files_and_with_r_trees():
    write("f", "")
    os.makedirs("t/a/b")
    write("t/a/b/deep", "x")
    write("t/top", "x")
    expect_run("rm", ["f"])
    expect_run("rm", ["t"], status=1, err=b"rm: t: Is a directory\n")
    expect_run("rm", ["missing"], status=1, err=b"rm: missing: No such file or directory\n")
    expect_run("rm", ["-r", "t"])
    expect(os.listdir("."), [], "everything removed")
    expect_run("rm", ["-f", "missing"])
    expect_run("rm", ["-f"])
    expect_run("rm", ["-rf", "."], status=1, err=b"rm: .: refusing to remove '.' or '..'\n")


@check
def rm_r_does_not_follow_symbolic_links():
    os.mkdir("keep")
    write("keep/precious", "x")
    os.mkdir("t")
    os.symlink("../keep", "t/link")
    expect_run("rm", ["-r", "t"])
    expect(read("keep/precious"), b"x", "the linked directory's file")


@check
def touch_makes_files_and_updates_times():
    expect_run("touch", ["new"])
    expect(read("new"), b"", "made empty")
    write("old", "data")
    os.utime("old", (1000, 1000))
    expect_run("touch", ["old"])
    expect(read("old"), b"data", "contents kept")
    expect(os.stat("old").st_mtime > time.time() - 60, True, "mtime is now")
    expect_run("touch", ["no/such"], status=1, err=b"touch: no/such: No such file or directory\n")
    expect_run("touch", ["-d", "2024-01-02T03:04:05.5Z", "old", "dated"])
    expect((os.stat("old").st_mtime_ns, os.stat("dated").st_atime_ns), (1704164645500000000,) * 2, "-d sets both")
    expect_run("touch", ["-d", "yesterday", "old"], status=1, err=b"touch: invalid date_time: yesterday\n")


@check
def chmod_sets_octal_and_symbolic_modes():
    write("f", "x")
    expect_run("chmod", ["640", "f"])
    expect(os.stat("f").st_mode & 0o7777, 0o640, "octal")
    expect_run("chmod", ["u+x,o+r", "f"])
    expect(os.stat("f").st_mode & 0o7777, 0o744, "symbolic")
    os.mkdir("d")
    expect_run("chmod", ["a=rX", "d", "f"])
    expect((os.stat("d").st_mode & 0o7777, os.stat("f").st_mode & 0o7777), (0o555, 0o555), "X: directories and executables")
    expect_run("chmod", ["u+w", "f", "missing"], status=1, err=b"chmod: missing: No such file or directory\n")
    expect(os.stat("f").st_mode & 0o7777, 0o755, "the files that exist change")
    expect_run("chmod", ["u+q", "f"], status=1, err=b"chmod: invalid mode: u+q\n")


# --- cp, mv, rename -------------------------------------------------------

def make_tree(root):
    os.makedirs(os.path.join(root, "sub", "deeper"))
    write(os.path.join(root, "top.txt"), "top\n")
    write(os.path.join(root, "sub", "mid.txt"), "mid\n" * 1000)
    write(os.path.join(root, "sub", "deeper", "bottom.bin"), bytes(range(256)) * 300)


def tree_of(root):
    out = {}
    for dirpath, dirs, files in os.walk(root):
        for d in dirs:
            out[os.path.relpath(os.path.join(dirpath, d), root) + "/"] = None
        for f in files:
            out[os.path.relpath(os.path.join(dirpath, f), root)] = read(os.path.join(dirpath, f))
    return out


@check
def cp_copies_files_keeping_their_mode():
    write("a", "alpha")
    os.chmod("a", 0o751)
    expect_run("cp", ["a", "b"])
    expect(read("b"), b"alpha", "the copy")
    expect(os.stat("b").st_mode & 0o777, 0o751, "the copy's mode")
    os.mkdir("dir")
    write("c", "gamma")
    expect_run("cp", ["a", "c", "dir"])
    expect(sorted(os.listdir("dir")), ["a", "c"], "copied into the directory")
    expect_run("cp", ["a", "c", "b"], status=1, err=b"cp: b: Not a directory\n")
    expect_run("cp", ["a", "a"], status=1, err=b"cp: a and a are the same file\n")
    expect_run("cp", ["nope", "x"], status=1, err=b"cp: nope: No such file or directory\n")


@check
def cp_r_copies_trees():
    make_tree("src")
    expect_run("cp", ["src", "dst"], status=1, err=b"cp: src: is a directory (not copied without -r)\n")
    expect_run("cp", ["-r", "src", "dst"])
    expect(tree_of("dst"), tree_of("src"), "the copied tree")
    os.mkdir("into")
    expect_run("cp", ["-r", "src", "into"])
    expect(tree_of("into/src"), tree_of("src"), "the tree copied into a directory")
    expect_run("cp", ["-r", "src", "src/sub"], status=1,
               err=b"cp: src: cannot copy a directory into itself (src/sub/src)\n")


@check
def mv_renames_files_and_directories():
    write("a", "alpha")
    expect_run("mv", ["a", "b"])
    expect((os.path.exists("a"), read("b")), (False, b"alpha"), "renamed")
    make_tree("tree")
    before = tree_of("tree")
    os.mkdir("dir")
    expect_run("mv", ["b", "tree", "dir"])
    expect(sorted(os.listdir("dir")), ["b", "tree"], "moved into the directory")
    expect(tree_of("dir/tree"), before, "the moved tree")
    expect_run("mv", ["dir/tree", "renamed"])
    expect(tree_of("renamed"), before, "the renamed tree")
    expect_run("mv", ["nope", "x"], status=1, err=b"mv: nope: No such file or directory\n")


def other_file_system():
    """A directory on another file system than the working one, or None."""
    if os.path.isdir("/dev/shm") and os.stat("/dev/shm").st_dev != os.stat(".").st_dev:
        return tempfile.mkdtemp(dir="/dev/shm")
    return None


@check
def mv_across_file_systems_copies_and_deletes():
    other = other_file_system()
    if other is None:
        print("  (skipped: no second file system at /dev/shm)")
        return
    try:
        make_tree("tree")
        before = tree_of("tree")
        write("file", "contents")
        os.chmod("file", 0o600)
        expect_run("rename", ["file", other + "/file"], status=1,
                   err=b"rename: file: Invalid cross-device link\n")
        expect_run("mv", ["file", "tree", other])
        expect(os.listdir("."), [], "the sources are gone")
        expect(read(other + "/file"), b"contents", "the file moved across")
        expect(os.stat(other + "/file").st_mode & 0o777, 0o600, "with its mode")
        expect(tree_of(other + "/tree"), before, "the tree moved across")
        expect_run("mv", [other + "/tree", "back"])
        expect(tree_of("back"), before, "the tree moved back")
        os.makedirs(other + "/taken/back")
        write(other + "/taken/back/x", "")
        code, out, err = run("mv", "back", other + "/taken")
        expect((code, err), (1, f"mv: {other}/taken/back: Directory not empty\n".encode()), "a non-empty target")
        expect(tree_of("back"), before, "the source is kept when the move fails")
    finally:
        shutil.rmtree(other)


@check
def rename_is_rename():
    write("a", "x")
    os.mkdir("d")
    expect_run("rename", ["a", "d/b"])
    expect(read("d/b"), b"x", "renamed into the directory")
    expect_run("rename", ["d", "e"])
    expect(os.path.isdir("e"), True, "directory renamed")
    expect_run("rename", ["e"], status=2, err=b"usage: rename from to\n")
    expect_run("rename", ["nope", "x"], status=1, err=b"rename: nope: No such file or directory\n")


# --- head, tail, wc, cmp, sort, uniq, seq, hexdump: against the host ------

TEXT = b"".join(b"line %d\n" % i for i in range(1, 31)) + b"no newline at the end"


@check
def head_and_tail_match_the_host():
    write("t", TEXT)
    write("short", b"a\nb\n")
    for args in [[], ["-n", "3"], ["-n", "0"], ["-n", "100"], ["-c", "5"], ["-c", "0"], ["-n3"]]:
        same_as_host("head", args + ["t"])
        same_as_host("tail", args + ["t"])
        same_as_host("head", args, stdin=TEXT)
        same_as_host("tail", args, stdin=TEXT)
    for args in [["-n", "+3"], ["-n", "+1"], ["-n", "+0"], ["-c", "+3"], ["-n", "+100"]]:
        same_as_host("tail", args + ["t"])
    same_as_host("head", ["-n", "1", "t", "short"])
    same_as_host("tail", ["-n", "1", "t", "short"])
    expect_run("head", ["-n", "x"], status=2,
               err=b"head: invalid number: x\nusage: head [-n lines | -c bytes] [file...]\n")
    expect_run("tail", ["nope"], status=1, err=b"tail: nope: No such file or directory\n")


@check
def wc_matches_the_host():
    write("t", TEXT)
    write("w", "  many   words\there\n\n and  more ")
    for args in [[], ["-l"], ["-w"], ["-c"], ["-lw"], ["-c", "-l"]]:
        same_as_host("wc", args + ["t"])
        same_as_host("wc", args + ["t", "w"])
        same_as_host("wc", args, stdin=TEXT)
    same_as_host("wc", ["nope", "t"])
    expect_run("wc", ["nope"], status=1, err=b"wc: nope: No such file or directory\n")


@check
def cmp_matches_the_host():
    write("x", "abc\ndef\n")
    write("y", "abc\ndeg\n")
    write("prefix", "abc\nd")
    write("line", "abc\n")
    write("empty", "")
    for a, b in [("x", "x"), ("x", "y"), ("x", "prefix"), ("prefix", "x"), ("x", "line"), ("empty", "x")]:
        ours, theirs = run("cmp", a, b), host("cmp", a, b)
        expect(ours, theirs, f"cmp {a} {b} against the host's")
    expect_run("cmp", ["-s", "x", "y"], status=1)
    expect_run("cmp", ["x", "nope"], status=2, err=b"cmp: nope: No such file or directory\n")
    expect_run("cmp", ["x", "-"], status=0, stdin=b"abc\ndef\n")


@check
def sort_matches_the_host():
    data = b"banana\napple\n10\n9\n-3\n2.5\nApple\n\napple\n 7\n07\nbanana\nzeta"
    for args in [[], ["-r"], ["-n"], ["-u"], ["-nr"], ["-nu"], ["-ru"], ["-n", "-r", "-u"]]:
        same_as_host("sort", args, stdin=data)
    write("one", "b\na")
    write("two", "c\n")
    same_as_host("sort", ["one", "two"])
    expect_run("sort", ["nope"], status=1, err=b"sort: nope: No such file or directory\n")


@check
def uniq_matches_the_host():
    data = b"a\na\nb\nc\nc\nc\na\n\n\nlast"
    for args in [[], ["-c"], ["-d"], ["-cd"]]:
        same_as_host("uniq", args, stdin=data)
    write("in", data)
    expect_run("uniq", ["in", "out"])
    expect(read("out"), host("uniq", "in")[1], "uniq's output file")


@check
def seq_matches_the_host():
    for args in [["5"], ["3", "7"], ["1", "2", "10"], ["10", "-3", "1"], ["-2", "2"], ["1", "0.5", "3"],
                 ["0.1", "0.25", "1"], ["1", "3.50", "8"], ["5", "1"], ["0", "1", "2.5"], ["-1.5", "0.5", "1"],
                 ["-s", ",", "1", "5"], ["-s", ", ", "-1", "1"]]:
        same_as_host("seq", args)
    expect_run("seq", ["1", "0", "5"], status=1, err=b"seq: the increment must not be 0\n")
    expect_run("seq", ["x"], status=2, err=b"seq: invalid number: x\nusage: seq [-s separator] [first [increment]] last\n")


@check
def tr_matches_gnu_tr():
    data = b"hello world\nHello  Again\n\n\nzzz aaa\tend\n1 2 3\n"
    for args in [["a-z", "A-Z"], ["\\n", " "], ["-d", "lo"], ["-d", "\\n"], ["-s", " \\n"], ["-s", "a-z"],
                 ["abc", "x"], ["a-e", "1-3"], ["-s", "a-z", "A-Z"], ["-ds", "lo", "\\n"], ["\\t", "_"],
                 ["\\101-\\132", "a-z"], ["aa", "xy"], ["-d", "a-c-"]]:
        same_as_host("tr", args, stdin=data)
    expect_run("tr", ["z-a", "x"], status=1,
               err=b"tr: range-endpoints of 'z-a' are in reverse collating sequence order\n")
    expect_run("tr", ["a"], status=2, err=b"tr: missing operand\nusage: tr [-ds] set1 [set2]\n")
    expect_run("tr", ["-d", "a", "b"], status=2, err=b"tr: extra operand 'b'\nusage: tr [-ds] set1 [set2]\n")


@check
def hexdump_matches_util_linux():
    write("text", TEXT)
    write("zeros", bytes(100) + b"tail")
    write("all", bytes(range(256)) * 3)
    write("empty", b"")
    for files in [["text"], ["zeros"], ["all"], ["empty"], ["text", "zeros"]]:
        same_as_host("hexdump", ["-C"] + files)
    same_as_host("hexdump", ["-C"], stdin=b"from stdin\x00\x01")
    expect_run("hexdump", ["text"], status=2, err=b"usage: hexdump -C [file...]\n")


# --- grep -------------------------------------------------------------------

GREP_TEXT = b"""alpha beta
Gamma delta
a.b literal dot
aab
[brackets]
line with $dollar
ends with x
tab\there
0123-456
abba
level
"""


@check
def grep_matches_gnu_grep():
    write("t", GREP_TEXT)
    write("u", b"alpha again\nnothing\n")
    patterns = ["alpha", "^a", "x$", "a.b", "a\\.b", "a*b", "^aa*b$", "[Gg]amma", "[^a-z ]", "^[[:digit:]]\\{4\\}-",
                "\\[", "\\$d", "^$", "", "t.*t", "a\\{2\\}", "\\(a\\)\\1", "^\\(.\\).*\\1$",
                "\\([a-z]\\)\\1", "\\(l\\(i\\)\\)ne w\\2", "^\\(.\\)\\(.\\).*\\2\\1$"]
    for pattern in patterns:
        for options in [[], ["-v"], ["-i"], ["-c"], ["-n"], ["-F"], ["-l"]]:
            same_as_host("grep", options + [pattern, "t"])
    for options in [[], ["-c"], ["-l"], ["-n"]]:
        same_as_host("grep", options + ["alpha", "t", "u"])
    same_as_host("grep", ["-e", "alpha", "-e", "delta", "t"])
    same_as_host("grep", ["alpha\ndelta", "t"])
    same_as_host("grep", ["-i", "GAMMA"], stdin=GREP_TEXT)


@check
def grep_exit_status_says_found_not_found_or_error():
    write("t", GREP_TEXT)
    expect_run("grep", ["-q", "alpha", "t"])
    expect_run("grep", ["-q", "zzz", "t"], status=1)
    expect_run("grep", ["zzz", "t"], status=1)
    expect_run("grep", ["alpha", "nope"], status=2, err=b"grep: nope: No such file or directory\n")
    # A selection does not hide an error, except with -q.
    expect_run("grep", ["alpha", "nope", "t"], status=2, out=b"t:alpha beta\n",
               err=b"grep: nope: No such file or directory\n")
    expect_run("grep", ["-q", "alpha", "nope", "t"], status=0, err=b"grep: nope: No such file or directory\n")
    expect_run("grep", ["[abc"], status=2, err=b"grep: [abc: unmatched [\n")
    expect_run("grep", ["\\(a"], status=2, err=b"grep: \\(a: unmatched \\(\n")
    expect_run("grep", [], status=2, err=b"usage: grep [-Fvicnlq] [-e pattern]... [pattern] [file...]\n")


# --- tee, yes, sleep, kill, env, stat --------------------------------------

@check
def tee_copies_to_stdout_and_files():
    expect_run("tee", ["a", "b"], out=b"data\n", stdin=b"data\n")
    expect((read("a"), read("b")), (b"data\n", b"data\n"), "the files")
    expect_run("tee", ["-a", "a"], out=b"more\n", stdin=b"more\n")
    expect(read("a"), b"data\nmore\n", "appended")
    expect_run("tee", ["b"], out=b"new\n", stdin=b"new\n")
    expect(read("b"), b"new\n", "truncated")
    expect_run("tee", ["no/such", "c"], status=1, out=b"x\n", err=b"tee: no/such: No such file or directory\n",
               stdin=b"x\n")
    expect(read("c"), b"x\n", "the other file is still written")


@check
def yes_repeats_until_the_reader_goes():
    for args, line in [([], b"y\n"), (["a", "b"], b"a b\n")]:
        p = subprocess.Popen([tool("yes"), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
        got = p.stdout.read(len(line) * 1000)
        p.stdout.close()
        p.wait(timeout=10)
        expect(got, line * 1000, f"yes {args}")
        # The reader's end closed: SIGPIPE ends it.
        expect(p.returncode, -signal.SIGPIPE, "yes's end")
    # With SIGPIPE ignored, the write fails with EPIPE instead, and yes says so.
    p = subprocess.Popen([tool("yes")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
                         preexec_fn=lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN))
    p.stdout.read(4)
    p.stdout.close()
    err = p.stderr.read()
    p.wait(timeout=10)
    expect((p.returncode, err), (1, b"yes: stdout: Broken pipe\n"), "yes with SIGPIPE ignored")


@check
def sleep_waits_as_long_as_asked():
    start = time.monotonic()
    expect_run("sleep", ["0.3"])
    elapsed = time.monotonic() - start
    expect(0.3 <= elapsed < 5, True, f"slept {elapsed:.3f} s")
    expect_run("sleep", ["-1"], status=2, err=b"sleep: invalid time: -1\nusage: sleep seconds\n")
    expect_run("sleep", ["abc"], status=2, err=b"sleep: invalid time: abc\nusage: sleep seconds\n")


def default_signal_actions():
    # A job started in the background (nohup, `&` in a script) inherits
    # SIGHUP or SIGINT ignored; the victim must die of what it is sent.
    for sig in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM, signal.SIGUSR1):
        signal.signal(sig, signal.SIG_DFL)


@check
def kill_sends_the_signal_asked_for():
    for args, sig in [([], signal.SIGTERM), (["-9"], signal.SIGKILL), (["-s", "INT"], signal.SIGINT),
                      (["-HUP"], signal.SIGHUP), (["-SIGUSR1"], signal.SIGUSR1)]:
        victim = subprocess.Popen([tool("sleep"), "100"], env=ENV, preexec_fn=default_signal_actions)
        expect_run("kill", args + [str(victim.pid)])
        victim.wait(timeout=10)
        expect(victim.returncode, -sig, f"kill {args}")
    status, out, err = run("kill", "-l")
    expect((status, b" 9) SIGKILL\n" in out, b"15) SIGTERM\n" in out), (0, True, True), "kill -l")
    expect_run("kill", ["-NOPE", "1"], status=2,
               err=b"kill: NOPE: unknown signal\nusage: kill [-s signal | -signal] pid... | -l\n")
    expect_run("kill", ["abc"], status=1, err=b"kill: abc: not a process id\n")
    expect_run("kill", ["-0", "2147483647"], status=1, err=b"kill: 2147483647: No such process\n")


@check
def env_prints_and_runs_with_changes():
    expect_run("env", ["-i", "A=1", "B=x y"], out=b"A=1\nB=x y\n")
    expect_run("env", ["-", "A=1", "A=2"], out=b"A=2\n")
    status, out, _ = run("env", "NEW=v", env={"PATH": "/usr/bin:/bin", "KEEP": "k"})
    expect((status, sorted(out.decode().splitlines())), (0, ["KEEP=k", "NEW=v", "PATH=/usr/bin:/bin"]), "env")
    expect_run("env", ["-i", "X=1", tool("env")], out=b"X=1\n")
    expect_run("env", ["-i", tool("false")], status=1)
    expect_run("env", ["no-such-command"], status=127, err=b"env: no-such-command: No such file or directory\n")


@check
def stat_shows_what_the_file_system_says():
    write("f", "12345")
    os.chmod("f", 0o640)
    os.utime("f", (0, 86400))
    st = os.stat("f")
    status, out, err = run("stat", "f")
    expect((status, err), (0, b""), "stat's status")
    expected = (f"    File: f\n    Type: regular file\n    Size: 5\n  Blocks: {st.st_blocks}\n"
                f"    Mode: 0640 (-rw-r-----)\n   Links: 1\n   Inode: {st.st_ino}\n  Device: {st.st_dev}\n"
                f"     Uid: {st.st_uid}\n     Gid: {st.st_gid}\n  Access: 1970-01-01 00:00:00\n"
                f"  Modify: 1970-01-02 00:00:00\n")
    expect(out.decode()[:len(expected)], expected, "stat's fields")
    expect(re.fullmatch(r"  Change: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n", out.decode()[len(expected):]) is not None,
           True, "the change time")
    expect_run("stat", ["nope"], status=1, err=b"stat: nope: No such file or directory\n")


# --- ps, free, uptime, df, mount, umount, unshare: the host's /proc -----------

@check
def ps_lists_processes_from_proc():
    status, out, err = run("ps")
    expect((status, err), (0, b""), "ps's status")
    lines = out.decode().splitlines()
    expect(lines[0].split(), ["PID", "PPID", "STATE", "THREADS", "RSS(KiB)", "NAME"], "the header")
    rows = [line.split() for line in lines[1:]]
    pids = [int(r[0]) for r in rows]
    expect(pids, sorted(pids), "sorted by pid")
    mine = [r for r in rows if r[5] == "ps_host"]
    expect(len(mine), 1, "ps sees itself")
    expect((mine[0][1], mine[0][2], mine[0][3]), (str(os.getpid()), "R", "1"), "its parent, state and threads")


@check
def free_reads_meminfo():
    status, out, err = run("free")
    expect((status, err), (0, b""), "free's status")
    lines = out.decode().splitlines()
    expect(lines[0].split(), ["total", "used", "free"], "the header")
    fields = lines[1].split()
    with open("/proc/meminfo") as f:
        total = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    expect((fields[0], int(fields[1]), int(fields[1]) == int(fields[2]) + int(fields[3])), ("Mem:", total, True),
           "total = used + free")


@check
def uptime_reads_proc_uptime():
    with open("/proc/uptime") as f:
        before = int(float(f.read().split()[0]))
    status, out, err = run("uptime")
    m = re.fullmatch(r"up (?:(\d+) days?, )?(\d+):(\d\d):(\d\d)\n", out.decode())
    expect((status, err, m is not None), (0, b"", True), f"uptime's line {out!r}")
    seconds = int(m.group(1) or 0) * 86400 + int(m.group(2)) * 3600 + int(m.group(3)) * 60 + int(m.group(4))
    expect(before <= seconds <= before + 5, True, f"{seconds} s against /proc/uptime's {before}")


@check
def df_reports_the_file_system_of_a_path():
    status, out, err = run("df", ".")
    expect((status, err), (0, b""), "df's status")
    lines = out.decode().splitlines()
    expect(lines[0].split(), ["Mounted", "on", "1K-blocks", "Used", "Available", "Use%"], "the header")
    fields = lines[1].split()
    st = os.statvfs(".")
    expect((fields[0], int(fields[1])), (".", st.f_blocks * st.f_frsize // 1024), "size in KiB")
    expect_run("df", ["nope"], status=1, out=lines[0].encode() + b"\n", err=b"df: nope: No such file or directory\n")


@check
def mount_lists_the_mount_points():
    points = []
    with open("/proc/self/mounts") as f:
        for line in f:
            points.append(re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), line.split()[1]))
    expect_run("mount", [], out=("\n".join(points) + "\n").encode())
    expect_run("mount", ["--bind", "x"], status=2, err=b"usage: mount [--bind old new]\n")


@check
def umount_and_unshare_report_their_errors():
    os.mkdir("plain")
    status, out, err = run("umount", "plain")
    expect((status, err.startswith(f"umount: plain: ".encode())), (1, True), f"umount of no mount point: {err!r}")
    expect_run("umount", [], status=2, err=b"usage: umount path...\n")
    expect_run("unshare", [], status=2, err=b"usage: unshare command [arg...]\n")


def main():
    wanted = sys.argv[2:]
    failures = 0
    ran = 0
    for fn in CHECKS:
        if wanted and fn.__name__ not in wanted:
            continue
        ran += 1
        work = tempfile.mkdtemp(prefix="coreutils.")
        old = os.getcwd()
        os.chdir(work)
        try:
            fn()
            print(f"ok   {fn.__name__}")
        except Exception as e:  # noqa: BLE001 (a broken check is a failed one)
            failures += 1
            print(f"FAIL {fn.__name__}: {e}")
        finally:
            os.chdir(old)
            shutil.rmtree(work)
    if wanted and ran != len(wanted):
        print(f"no such check among {wanted}")
        return 2
    print(f"{failures} of {ran} checks failed" if failures else f"all {ran} checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
