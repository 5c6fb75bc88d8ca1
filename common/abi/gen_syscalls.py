#!/usr/bin/env python3
"""Makes everything that names a syscall from the one table, syscalls.toml.

  gen_syscalls.py numbers TABLE OUT    abi::Syscall, the IPC-wait range, and
                                       TESSERA_SYSCALLS(X): X(Name, name) per call
  gen_syscalls.py wrappers TABLE OUT   the sys::<name> wrappers of libipc
  gen_syscalls.py doc TABLE DOC        rewrites the table in DOC (docs/abi.md)
  gen_syscalls.py check-doc TABLE DOC  fails if DOC's table is not current
"""
import re
import sys
import tomllib

DOC_BEGIN = "<!-- syscalls: generated from common/abi/syscalls.toml; do not edit -->"
DOC_END = "<!-- end of syscalls -->"
WRAPPERS = {"plain", "noreturn", "pair", "message"}
MAX_PARAMS = 6  # a0-a5


class TableError(Exception):
    pass


def pascal(name):
    return "".join(part.capitalize() for part in name.split("_"))


def load(path):
    with open(path, "rb") as f:
        calls = tomllib.load(f)["syscall"]
    calls.sort(key=lambda c: c["number"])
    for index, call in enumerate(calls):
        if call["number"] != index:
            raise TableError(f"numbers must run 0, 1, 2, ... without gaps: {call['name']} is {call['number']}")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", call["name"]):
            raise TableError(f"bad name {call['name']!r}")
        if call["wrapper"] not in WRAPPERS:
            raise TableError(f"{call['name']}: wrapper must be one of {sorted(WRAPPERS)}")
        if len(call.get("params", [])) > MAX_PARAMS:
            raise TableError(f"{call['name']}: at most {MAX_PARAMS} parameters")
        if (call["wrapper"] == "pair") != ("returns" in call):
            raise TableError(f"{call['name']}: a pair wrapper, and only it, names its `returns` struct")
    waits = [c["number"] for c in calls if c.get("ipc_wait")]
    if not waits or waits != list(range(waits[0], waits[0] + len(waits))):
        raise TableError("the IPC waits must be contiguous")
    return calls


def ipc_wait_range(calls):
    waits = [c["number"] for c in calls if c.get("ipc_wait")]
    return waits[0], len(waits)


def numbers(calls):
    first, count = ipc_wait_range(calls)
    lines = [
        "// Generated from common/abi/syscalls.toml by gen_syscalls.py: do not edit.",
        "#pragma once",
        "",
        "// The IPC waits, whose threads resume straight in user mode (trap.S).",
        f"#define TESSERA_FIRST_IPC_WAIT {first}",
        f"#define TESSERA_IPC_WAIT_COUNT {count}",
        "",
        "#ifndef __ASSEMBLER__",
        "#include <cstdint>",
        "",
        "// X(Name, name) for every call, in number order.",
        "#define TESSERA_SYSCALLS(X) \\",
    ]
    lines += [f"  X({pascal(c['name'])}, {c['name']}) \\" for c in calls]
    lines += ["", "namespace abi {", "", "enum class Syscall : uint64_t {"]
    lines += [f"  {pascal(c['name'])} = {c['number']}," for c in calls]
    lines += [
        "  Count,",
        "};",
        "",
        "constexpr uint64_t kFirstIpcWait = TESSERA_FIRST_IPC_WAIT;",
        "constexpr uint64_t kIpcWaitCount = TESSERA_IPC_WAIT_COUNT;",
        "",
        "}  // namespace abi",
        "#endif",
        "",
    ]
    return "\n".join(lines)


def split_param(param):
    """'const char* text = nullptr' -> ('const char*', 'text', ' = nullptr')."""
    declaration, _, default = param.partition("=")
    m = re.fullmatch(r"\s*(.*?[\w*&])\s*(\w+)\s*", declaration)
    if not m:
        raise TableError(f"cannot read parameter {param!r}")
    return m.group(1), m.group(2), f" = {default.strip()}" if default else ""


def register_value(type_, name):
    if type_.endswith("*") or type_ == "ThreadEntry":
        return f"reinterpret_cast<uint64_t>({name})"
    return f"static_cast<uint64_t>({name})"


def wrapper(call, defined):
    """The sys:: wrapper of call; `defined`: the pair structs emitted so far."""
    params = [split_param(p) for p in call.get("params", [])]
    signature = ", ".join(f"{t} {n}{d}" for t, n, d in params)
    values = "".join(f", {register_value(t, n)}" for t, n, _ in params)
    number = f"Syscall::{pascal(call['name'])}"
    name = call["name"]
    kind = call["wrapper"]
    if kind == "plain":
        return [f"inline int64_t {name}({signature}) {{ return call({number}{values}); }}"]
    if kind == "noreturn":
        return [f"[[noreturn]] inline void {name}({signature}) {{",
                f"  call({number}{values});",
                "  __builtin_unreachable();",
                "}"]
    returns = call["returns"]
    fields = [split_param(f) for f in returns["fields"]]
    if len(fields) != 2 or len(params) > 2:
        raise TableError(f"{name}: a pair takes at most two parameters and returns two fields")
    (t0, n0, _), (t1, n1, _) = fields
    # Calls that return the same struct share its one definition.
    struct = [] if returns["type"] in defined else [
        f"struct {returns['type']} {{",
        f"  {t0} {n0};  // a0",
        f"  {t1} {n1};  // a1",
        f"  bool operator==(const {returns['type']}&) const = default;",
        "};"]
    defined.add(returns["type"])
    return struct + [
            f"inline {returns['type']} {name}({signature}) {{",
            f"  Registers r = call_pair({number}{values});",
            f"  return {{static_cast<{t0}>(r.a0), static_cast<{t1}>(r.a1)}};",
            "}"]


def wrappers(calls):
    lines = [
        "// Generated from common/abi/syscalls.toml by gen_syscalls.py: do not edit.",
        "// Included by ipc/syscall.h, which defines call() and call_pair().",
        "// The message calls (IPC) are wrapped by ipc/ipc.h.",
        "#pragma once",
        "",
        "namespace sys {",
        "",
    ]
    defined = set()
    for call in calls:
        if call["wrapper"] == "message":
            continue
        lines.append(f"// {call['number']} {call['name']}: {call['result_doc']}")
        lines += wrapper(call, defined)
    lines += ["", "}  // namespace sys", ""]
    return "\n".join(lines)


def cell(text):
    return text.replace("|", "\\|") if "\\|" not in text else text


def doc_table(calls):
    lines = [DOC_BEGIN, "| # | call | arguments | result | rights | errors |", "|---|---|---|---|---|---|"]
    for c in calls:
        columns = [cell(c["arguments"]), cell(c["result_doc"]), cell(c["rights"]), cell(c["errors"])]
        lines.append(f"| {c['number']} | `{c['name']}` | " + " | ".join(columns) + " |")
    lines.append(DOC_END)
    return "\n".join(lines)


def with_table(doc_text, calls):
    pattern = re.compile(re.escape(DOC_BEGIN) + ".*?" + re.escape(DOC_END), re.DOTALL)
    if not pattern.search(doc_text):
        raise TableError(f"the document has no generated syscall table ({DOC_BEGIN} ... {DOC_END})")
    return pattern.sub(lambda _: doc_table(calls), doc_text)


def write_if_changed(path, text):
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path, "w") as f:
        f.write(text)


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    command, table, target = argv[1:]
    try:
        calls = load(table)
        if command == "numbers":
            write_if_changed(target, numbers(calls))
        elif command == "wrappers":
            write_if_changed(target, wrappers(calls))
        elif command in ("doc", "check-doc"):
            with open(target) as f:
                current = f.read()
            wanted = with_table(current, calls)
            if command == "doc":
                write_if_changed(target, wanted)
            elif wanted != current:
                sys.exit(f"{target}: the syscall table is out of date; run "
                         f"python3 common/abi/gen_syscalls.py doc {table} {target}")
        else:
            sys.exit(__doc__)
    except TableError as e:
        sys.exit(f"gen_syscalls: {table}: {e}")


if __name__ == "__main__":
    main(sys.argv)
