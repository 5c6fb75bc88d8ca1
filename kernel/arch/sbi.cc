#include "arch/sbi.h"

namespace kernel::sbi {

namespace {
constexpr uint64_t kLegacyPutchar = 0x01;
constexpr uint64_t kTimeExtension = 0x54494D45;
constexpr uint64_t kResetExtension = 0x53525354;
constexpr uint64_t kHsmExtension = 0x48534D;
constexpr uint64_t kIpiExtension = 0x735049;
constexpr uint64_t kRfenceExtension = 0x52464E43;
constexpr uint64_t kWholeRange = ~0ull;  // an rfence size of -1: every address
}  // namespace

Ret call(uint64_t extension, uint64_t function, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4) {
  register uint64_t r_a0 asm("a0") = a0;
  register uint64_t r_a1 asm("a1") = a1;
  register uint64_t r_a2 asm("a2") = a2;
  register uint64_t r_a3 asm("a3") = a3;
  register uint64_t r_a4 asm("a4") = a4;
  register uint64_t r_a6 asm("a6") = function;
  register uint64_t r_a7 asm("a7") = extension;
  asm volatile("ecall"
               : "+r"(r_a0), "+r"(r_a1)
               : "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a6), "r"(r_a7)
               : "memory");
  return {static_cast<int64_t>(r_a0), static_cast<int64_t>(r_a1)};
}

// The legacy putchar is the one console call every OpenSBI has; the DBCN
// extension is newer than Debian's firmware.
void console_putchar(char c) { call(kLegacyPutchar, 0, static_cast<uint8_t>(c)); }

void set_timer(uint64_t deadline) { call(kTimeExtension, 0, deadline); }

bool hart_start(uint64_t hart_id, uint64_t start, uint64_t opaque) {
  return call(kHsmExtension, 0, hart_id, start, opaque).error == 0;
}

void hart_stop() {
  call(kHsmExtension, 1);
  // (It returns only if the hart is not started as SBI sees it.)
  for (;;) asm volatile("wfi");
}

bool hart_stopped(uint64_t hart_id) {
  constexpr int64_t kStopped = 1;
  Ret r = call(kHsmExtension, 2, hart_id);
  return r.error == 0 && r.value == kStopped;
}

void send_ipi(uint64_t hart_mask) { call(kIpiExtension, 0, hart_mask, 0); }

void remote_fence_i(uint64_t hart_mask) { call(kRfenceExtension, 0, hart_mask, 0); }

void remote_sfence_vma_asid(uint64_t hart_mask, uint16_t asid) {
  call(kRfenceExtension, 2, hart_mask, 0, 0, kWholeRange, asid);
}

void remote_sfence_vma_all(uint64_t hart_mask) { call(kRfenceExtension, 1, hart_mask, 0, 0, kWholeRange); }

void shutdown() {
  call(kResetExtension, 0, /*shutdown*/ 0, /*no reason*/ 0);
  for (;;) asm volatile("wfi");
}

}  // namespace kernel::sbi
