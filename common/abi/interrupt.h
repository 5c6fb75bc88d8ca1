// Thread interrupts (docs/kernel.md, "Interrupting a thread"): what the
// kernel saves of a thread it redirects to its interrupt entry, and the
// operations of `interrupt_control`. Shared by the kernel and user space.
#pragma once

#include <cstddef>
#include <cstdint>

namespace abi {

// The user context an interrupt took, pushed on the thread's stack below its
// sp (16-byte aligned). The entry gets its address in a0; `interrupt_control
// (kInterruptReturn, address)` resumes it. Only user state: the kernel keeps
// the privilege and interrupt bits itself and checks what it reads back.
struct InterruptFrame {
  uint64_t pc;       // where the thread was (x0 has no register to save)
  uint64_t x[31];    // x1 (ra) .. x31 (t6): x[n - 1] is register n
  uint64_t flags;    // kInterruptedWait, ...
  uint64_t reserved; // 0: keeps the frame a multiple of 16 bytes
};
static_assert(sizeof(InterruptFrame) % 16 == 0);

// flags: the interrupt ended a wait, whose call returns Interrupted.
constexpr uint64_t kInterruptedWait = 1;

// interrupt_control's operations.
enum class InterruptOp : uint64_t {
  SetEntry = 0,  // address: this thread's entry (0: none, it is never interrupted)
  Return = 1,    // address: an InterruptFrame to resume
};

}  // namespace abi
