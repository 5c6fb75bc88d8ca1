// Calls into OpenSBI (the SBI v1.0+ extensions QEMU's firmware provides):
// early console, timer, reset, and for SMP: hart start, IPIs and remote TLB and instruction fences.
#pragma once

#include <cstdint>

namespace kernel::sbi {

struct Ret {
  int64_t error;
  int64_t value;
};

Ret call(uint64_t extension, uint64_t function, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0,
         uint64_t a4 = 0);

void console_putchar(char c);
void set_timer(uint64_t deadline);
[[noreturn]] void shutdown();
// Starts a stopped hart at physical address start, MMU off, with a0 = its
// hart id and a1 = opaque (HSM extension).
bool hart_start(uint64_t hart_id, uint64_t start, uint64_t opaque);
// Stops the calling hart (HSM hart_stop), which hart_start may start again.
[[noreturn]] void hart_stop();
// Whether the hart is stopped (HSM hart_get_status), so hart_start may start it.
bool hart_stopped(uint64_t hart_id);
// Hart masks are bit n = hart n (hart ids below 64).
void send_ipi(uint64_t hart_mask);
// fence.i on the harts of the mask. Returns once they are done (OpenSBI
// waits for them; the SBI spec promises only that the IPIs were sent).
void remote_fence_i(uint64_t hart_mask);
// sfence.vma of the whole address range on the harts of the mask: of one
// ASID, or of every translation (global ones too). Returns once they are done.
void remote_sfence_vma_asid(uint64_t hart_mask, uint16_t asid);
void remote_sfence_vma_all(uint64_t hart_mask);

}  // namespace kernel::sbi
