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

// Where the kernel pushes the frame of a thread whose sp is `sp`: below
// it, 16-byte aligned (the calling convention's); 0 if that would wrap.
constexpr uint64_t interrupt_frame_below(uint64_t sp) {
  return sp < sizeof(InterruptFrame) ? 0 : (sp - sizeof(InterruptFrame)) & ~uint64_t{15};
}

// A user address an interrupted thread may run at: below user_top, on an
// instruction boundary (2 bytes with compressed instructions).
constexpr bool user_pc(uint64_t pc, uint64_t user_top) { return pc < user_top && pc % 2 == 0; }

// Whether a frame read back from user memory is a context the kernel could
// have written: a user pc, only known flags, the reserved word 0. (The
// registers are only values: any is a user state.)
constexpr bool resumable(const InterruptFrame& f, uint64_t user_top) {
  return user_pc(f.pc, user_top) && (f.flags & ~kInterruptedWait) == 0 && f.reserved == 0;
}

// interrupt_control's operations.
enum class InterruptOp : uint64_t {
  SetEntry = 0,  // address: this thread's entry (0: none, it is never interrupted)
  Return = 1,    // address: an InterruptFrame to resume
  SetMask = 2,   // address: the signals this thread blocks (bit n: signal n)
};

// process_interrupt's signals: 0 (none in particular) to 63.
constexpr uint64_t kInterruptSignals = 64;

}  // namespace abi
