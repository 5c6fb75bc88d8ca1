// Host stand-in for kernel/arch/cpu.h (found before it): one hart, whose
// current thread the IPC host tests set by hand (tests/host/ipc_test.cc).
#pragma once

#include <cstdint>

namespace kernel {

class Thread;

struct Cpu {
  Thread* current = nullptr;
  bool need_resched = false;
};

Cpu* this_cpu();
inline Thread* current_thread() { return this_cpu()->current; }

}  // namespace kernel
