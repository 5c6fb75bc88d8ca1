#!/usr/bin/env python3
"""QEMU tests of shared buffers and devices: init's boot resources, MMIO
mapping, interrupts delivered to a port, membufs shared between processes,
handles passed at spawn, process_kill, and poweroff through the power handle.

Usage: device_test.py CHECK   (meson runs each check as its own test)
"""
import atexit
import os
import re
import sys
import tempfile

from harness import Checks, expect_all, shell_back
from shell_test import Shell

VIRTIO_SLOTS = 8  # QEMU virt's virtio-mmio transports
VIRTIO_MAGIC = "0x74726976"
VIRTIO_BLOCK_DEVICE = 2


def boot_lists_resources(m):
    m.expect(r"^init: resource uart mmio 0x10000000\+0x100 irq 10$")
    m.expect(r"^init: resource uart irq 10$")
    for slot in range(VIRTIO_SLOTS):
        m.expect(rf"^init: resource virtio{slot} mmio 0x1000{slot + 1:x}000\+0x1000 irq {slot + 1}$")
        m.expect(rf"^init: resource virtio{slot} irq {slot + 1}$")
    m.expect(r"^init: resource power$")
    m.expect(r"^init: resource dma$")


def device_lines(m):
    m.expect("init> ")
    m.send("devices")
    m.expect("init> ")
    return re.findall(r"^init: device (virtio\d+) at (0x\w+): magic (0x\w+) version \d+ device id (\d+)$",
                      m.output, re.MULTILINE)


def devices_show_virtio_magic(m):
    lines = device_lines(m)
    assert len(lines) == VIRTIO_SLOTS, lines
    assert all(magic == VIRTIO_MAGIC for _, _, magic, _ in lines), lines


def devices_identify_block_device(m):
    lines = device_lines(m)
    assert [l for l in lines if int(l[3]) == VIRTIO_BLOCK_DEVICE], lines


def devtest(name):
    def check(m):
        out = m.run(f"devtest {name}")
        assert f"PASS {name}" in out and "init: devtest exited with status 0" in out, out
    return check


def uart_interrupt_reaches_a_port(m):
    m.expect("init> ")
    m.send("devtest uart +uart")
    m.expect("uart: type a character")
    # One raw byte: the interrupt goes to devtest's port, not to the console.
    m.proc.stdin.write(b"x")
    m.proc.stdin.flush()
    m.expect(r'uart: interrupt 10 with badge 0x5eed, received "x"')
    m.expect("PASS uart")
    m.expect("init: devtest exited with status 0")
    # devtest's Irq handle died with it: the console reads the UART again.
    m.expect("init> ")
    m.send("free")
    m.expect(r"free frames: \d+")


def devtest_dma(m):
    # Without the capability a contiguous buffer's address stays hidden ...
    out = m.run("devtest membuf")
    assert "PASS membuf" in out, out
    # ... with it, it is told; and init keeps the capability for the next driver.
    for _ in range(2):
        out = m.run("devtest dma +dma")
        assert "PASS dma" in out and "init: devtest exited with status 0" in out, out


def devtest_timebase(m):
    kernel = int(m.expect(r"timebase (\d+) Hz").group(1))
    out = m.run("devtest timebase")
    assert f"timebase: {kernel} ticks per second" in out and "PASS timebase" in out, out


def init_lines_are_whole(m):
    # init's supervisor thread logs each restart while a program the shell
    # runs prints on the console: every line of both must arrive whole.
    s = Shell(m)
    rounds = 5
    start = m.consumed
    for _ in range(rounds):
        m.send("service tmpfs kill; seq 1 100")
        # The next line is typed once both are out: the console's echo of
        # a line typed ahead goes wherever the output is, mid-line too.
        expect_all(m, [r"init: restarted tmpfs at instret \d+\n", r"\n100\n"])
        shell_back(s)
    out = m.output[start:m.consumed]
    assert re.findall(r"^\d+$", out, re.MULTILINE) == [str(n) for n in range(1, 101)] * rounds, out
    # After a prompt ("$ ") or on a line of its own.
    ended = r"^(?:\$ )?init: service ended: tmpfs \(137\) at instret \d+$"
    assert len(re.findall(ended, out, re.MULTILINE)) == rounds, out
    assert len(re.findall(r"^(?:\$ )?init: restarted tmpfs at instret \d+$", out, re.MULTILINE)) == rounds, out


def poweroff_with_handle_exits_zero(m):
    m.run("devtest nodevices")  # failed poweroff attempts leave the system up
    m.expect("init> ")
    m.send("poweroff")
    assert m.wait_exit() == 0


def with_disk():
    disk = tempfile.NamedTemporaryFile(prefix="tessera-disk-", suffix=".img", delete=False)
    disk.truncate(1 << 20)
    disk.close()
    atexit.register(os.unlink, disk.name)
    return {"disk": disk.name}


CHECKS = {
    "boot_lists_resources": (boot_lists_resources, {}),
    "devices_show_virtio_magic": (devices_show_virtio_magic, {}),
    "devices_identify_block_device": (devices_identify_block_device, with_disk),
    "devtest_nodevices": (devtest("nodevices"), {}),
    "devtest_membuf": (devtest("membuf"), {}),
    "devtest_share": (devtest("share"), {}),
    "devtest_kill": (devtest("kill"), {}),
    "devtest_membuf_frames": (devtest("membuf_frames"), {}),
    "devtest_dma": (devtest_dma, {}),
    "devtest_timebase": (devtest_timebase, {}),
    "init_lines_are_whole": (init_lines_are_whole, {"config": None, "console": "shell"}),
    "uart_interrupt_reaches_a_port": (uart_interrupt_reaches_a_port, {}),
    "poweroff_with_handle_exits_zero": (poweroff_with_handle_exits_zero, {}),
}

if __name__ == "__main__":
    checks = Checks()
    for name in sys.argv[1:] or CHECKS:
        body, machine_args = CHECKS[name]
        checks.run(name, body, **(machine_args() if callable(machine_args) else machine_args))
    checks.finish()
