#include "arch/sbi.h"

namespace kernel::sbi {

namespace {
constexpr uint64_t kLegacyPutchar = 0x01;
constexpr uint64_t kTimeExtension = 0x54494D45;
constexpr uint64_t kResetExtension = 0x53525354;
}  // namespace

Ret call(uint64_t extension, uint64_t function, uint64_t a0, uint64_t a1, uint64_t a2) {
  register uint64_t r_a0 asm("a0") = a0;
  register uint64_t r_a1 asm("a1") = a1;
  register uint64_t r_a2 asm("a2") = a2;
  register uint64_t r_a6 asm("a6") = function;
  register uint64_t r_a7 asm("a7") = extension;
  asm volatile("ecall" : "+r"(r_a0), "+r"(r_a1) : "r"(r_a2), "r"(r_a6), "r"(r_a7) : "memory");
  return {static_cast<int64_t>(r_a0), static_cast<int64_t>(r_a1)};
}

// The legacy putchar is the one console call every OpenSBI has; the DBCN
// extension is newer than Debian's firmware.
void console_putchar(char c) { call(kLegacyPutchar, 0, static_cast<uint8_t>(c)); }

void set_timer(uint64_t deadline) { call(kTimeExtension, 0, deadline); }

void shutdown() {
  call(kResetExtension, 0, /*shutdown*/ 0, /*no reason*/ 0);
  for (;;) asm volatile("wfi");
}

}  // namespace kernel::sbi
