// The memory ordering between the driver, the device and its registers:
// rings must be written before the index that publishes them, and the index
// before the register write that notifies the device. On RISC-V that takes
// a fence over both memory and I/O; the host tests only need the compiler's.
#pragma once

namespace virtio {

inline void barrier() {
#if defined(__riscv)
  asm volatile("fence iorw, iorw" ::: "memory");
#else
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

}  // namespace virtio
