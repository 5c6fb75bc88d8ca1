// Per-hart state, all in one place: reached through tp while in the kernel.
#pragma once

#include <cstdint>

namespace kernel {

class Thread;

struct Cpu {
  uint64_t hart_id = 0;
  Thread* current = nullptr;
  Thread* idle = nullptr;
  Thread* fp_owner = nullptr;  // whose FP registers are live in the hardware
  Thread* zombie = nullptr;    // exited thread whose stack is freed after the next switch
  uint64_t slice_end = 0;      // when the current thread's time slice ends (timebase ticks)
  uint64_t timer_armed = ~0ull;  // the deadline the hart's timer is set to, ~0 once it has fired
};

inline Cpu* this_cpu() {
  Cpu* cpu;
  asm("mv %0, tp" : "=r"(cpu));
  return cpu;
}

inline Thread* current_thread() { return this_cpu()->current; }

}  // namespace kernel
