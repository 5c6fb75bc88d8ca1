// Calls into OpenSBI (the SBI v1.0+ extensions QEMU's firmware provides):
// early console, timer, reset, and hart state for later SMP bring-up.
#pragma once

#include <cstdint>

namespace kernel::sbi {

struct Ret {
  int64_t error;
  int64_t value;
};

Ret call(uint64_t extension, uint64_t function, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0);

void console_putchar(char c);
void set_timer(uint64_t deadline);
[[noreturn]] void shutdown();

}  // namespace kernel::sbi
