#!/usr/bin/env python3
"""Writes an assembly file that embeds programs in proctest's read-only data.

    embed.py OBJCOPY OUT.S NAME=PATH...

Each program, without its debug sections (OBJCOPY --strip-debug, written
next to OUT.S), becomes the bytes between the symbols proctest_image_NAME
and proctest_image_NAME_end (the stand-in vfs serves them as /bin/NAME).
"""
import os
import subprocess
import sys


def main():
    objcopy, out, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
    lines = ['  .section .rodata.proctest_images, "a"']
    for pair in pairs:
        name, program = pair.split("=", 1)
        path = f"{out}.{name}"
        subprocess.run([objcopy, "--strip-debug", program, path], check=True)
        symbol = "proctest_image_" + name
        lines += ["  .balign 16", f"  .globl {symbol}", f"  .globl {symbol}_end", f"{symbol}:",
                  f'  .incbin "{os.path.abspath(path)}"', f"{symbol}_end:"]
    lines.append('  .section .note.GNU-stack, "", @progbits')
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
