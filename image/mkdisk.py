#!/usr/bin/env python3
"""Makes the FAT32 disk image `make run` boots with: 64 MiB, formatted by
mkfs.fat, with a few files and a directory with long names put on it by
mtools (mcopy, mmd), so there is something to read at once. An image
that exists is left alone: what was written to it survives.
Usage: mkdisk.py IMAGE"""
import os
import subprocess
import sys
import tempfile

SIZE_KIB = 64 * 1024
FILES = {
    "README.TXT": "This disk was made by image/mkdisk.py for Tessera.\n",
    "A file with a long name.txt": "FAT keeps this name in long-name entries.\n",
    "Long directory name/notes about the disk.txt": "Read me on the host: mtype -i build/disk.img ::\n",
    "Long directory name/Deeper still/hello.txt": "hello from a directory two levels down\n",
}


def make(image):
    subprocess.run(["mkfs.fat", "-F", "32", "-n", "TESSERA", "-C", image, str(SIZE_KIB)],
                   check=True, stdout=subprocess.DEVNULL)
    made = set()
    with tempfile.TemporaryDirectory() as scratch:
        for name, text in FILES.items():
            parts = name.split("/")
            for depth in range(1, len(parts)):
                directory = "/".join(parts[:depth])
                if directory not in made:
                    subprocess.run(["mmd", "-i", image, "::" + directory], check=True)
                    made.add(directory)
            source = os.path.join(scratch, "file")
            with open(source, "w") as f:
                f.write(text)
            subprocess.run(["mcopy", "-i", image, source, "::" + name], check=True)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    image = sys.argv[1]
    if os.path.exists(image):
        return 0
    try:
        make(image)
    except BaseException:
        if os.path.exists(image):
            os.unlink(image)  # never leave half an image to be reused
        raise
    print(f"made {image}: FAT32, {SIZE_KIB // 1024} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
