// The kernel test monitor: init's command loop when it boots the bare
// kernel (--config=none: no services, so no shell), which the kernel, IPC
// and device tests drive (tests/qemu/harness.py, Machine's default). It
// reads lines from the kernel's debug console at an `init> ` prompt and
// runs programs from the boot archive, to which it may hand boot resources
// ("+uart", "+dma", "+bootfs", "+virtio7"). Built-ins: poweroff, free (the
// kernel's free frames and heap, for the harness's leak check) and devices
// (the virtio slots). A full-system boot never reaches it (console.h).
#pragma once

#include "console.h"

namespace init {

[[noreturn]] void run_test_monitor(const ConsoleServices& services);

}  // namespace init
