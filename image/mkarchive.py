#!/usr/bin/env python3
"""Write the boot archive: a cpio "newc" archive the kernel reads with
kernel/lib/cpio.h.

    mkarchive.py OUT NAME=PATH [NAME=PATH ...]

NAME is the file's name inside the archive (e.g. bin/init), PATH the host
file to store. Entries keep the command-line order and the archive ends with
the TRAILER!!! entry. The output is deterministic: inode numbers count up
from 1, uid/gid/mtime are 0, and the mode is 0100755 for host files with an
execute bit and 0100644 otherwise. No directory entries are written; the
names carry the paths.
"""

import os
import stat
import sys

MAGIC = b"070701"
TRAILER = "TRAILER!!!"


def pad4(length):
    return b"\0" * (-length % 4)


def entry(ino, mode, name, data):
    """One newc entry: header, NUL-terminated name, data, each padded so the
    next part starts 4-aligned (the header is 110 bytes, so header+name is
    padded together)."""
    encoded = name.encode("utf-8") + b"\0"
    fields = [
        ino,           # c_ino
        mode,          # c_mode
        0,             # c_uid
        0,             # c_gid
        1,             # c_nlink
        0,             # c_mtime
        len(data),     # c_filesize
        0, 0, 0, 0,    # c_devmajor, c_devminor, c_rdevmajor, c_rdevminor
        len(encoded),  # c_namesize
        0,             # c_check
    ]
    for value in fields:
        if not 0 <= value <= 0xFFFFFFFF:
            raise ValueError(f"{name}: field {value} does not fit in 8 hex digits")
    header = MAGIC + b"".join(b"%08X" % value for value in fields)
    head = header + encoded
    return head + pad4(len(head)) + data + pad4(len(data))


def parse_spec(spec):
    name, sep, path = spec.partition("=")
    if not sep or not name or not path:
        raise ValueError(f"expected NAME=PATH, got {spec!r}")
    if name.startswith("/") or "\0" in name or name == TRAILER:
        raise ValueError(f"bad archive name {name!r}")
    return name, path


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    out, specs = argv[1], argv[2:]
    try:
        files = [parse_spec(spec) for spec in specs]
        names = [name for name, _ in files]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"duplicate names: {', '.join(duplicates)}")
        chunks = []
        for ino, (name, path) in enumerate(files, start=1):
            with open(path, "rb") as f:
                data = f.read()
            executable = os.stat(path).st_mode & 0o111
            mode = stat.S_IFREG | (0o755 if executable else 0o644)
            chunks.append(entry(ino, mode, name, data))
        chunks.append(entry(0, 0, TRAILER, b""))
    except (OSError, ValueError) as error:
        sys.stderr.write(f"mkarchive: {error}\n")
        return 1
    # Write to a temporary name first so a failed run leaves no half archive.
    temporary = out + ".tmp"
    with open(temporary, "wb") as f:
        f.write(b"".join(chunks))
    os.replace(temporary, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
