// Raw system calls: number in a7, arguments in a0-a5, result in a0. An
// ecall is a function call under the RISC-V ABI: the kernel may clobber
// every caller-saved register, so each wrapper says so to the compiler.
#pragma once

#include <cstddef>
#include <cstdint>

#include "abi/error.h"
#include "abi/syscall.h"

namespace sys {

using abi::Error;
using abi::Syscall;

#define TESSERA_SYSCALL_CLOBBERS \
  "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a6", \
  "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "ft8", "ft9", "ft10", "ft11", \
  "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7"

inline int64_t call(Syscall number, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0,
                    uint64_t a4 = 0, uint64_t a5 = 0) {
  register uint64_t r0 asm("a0") = a0;
  register uint64_t r1 asm("a1") = a1;
  register uint64_t r2 asm("a2") = a2;
  register uint64_t r3 asm("a3") = a3;
  register uint64_t r4 asm("a4") = a4;
  register uint64_t r5 asm("a5") = a5;
  register uint64_t r7 asm("a7") = static_cast<uint64_t>(number);
  asm volatile("ecall"
               : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r7)
               :
               : TESSERA_SYSCALL_CLOBBERS);
  return static_cast<int64_t>(r0);
}

inline bool failed(int64_t result) { return result < 0; }
inline Error error_of(int64_t result) { return static_cast<Error>(result); }

inline int64_t null() { return call(Syscall::Null); }
inline int64_t debug_write(const char* text, size_t length) {
  return call(Syscall::DebugWrite, reinterpret_cast<uint64_t>(text), length);
}
inline int64_t debug_read(char* buffer, size_t capacity) {
  return call(Syscall::DebugRead, reinterpret_cast<uint64_t>(buffer), capacity);
}
inline int64_t thread_create(void (*entry)(uint64_t), uint64_t stack_top, uint64_t argument, unsigned priority) {
  return call(Syscall::ThreadCreate, reinterpret_cast<uint64_t>(entry), stack_top, argument, priority);
}
[[noreturn]] inline void thread_exit() {
  call(Syscall::ThreadExit);
  __builtin_unreachable();
}
inline int64_t yield() { return call(Syscall::Yield); }
inline int64_t sleep_until(uint64_t deadline) { return call(Syscall::SleepUntil, deadline); }
[[noreturn]] inline void process_exit(int code) {
  call(Syscall::ProcessExit, static_cast<uint64_t>(static_cast<uint32_t>(code)));
  __builtin_unreachable();
}
// Returns only on failure (BadHandle, WrongType, AccessDenied).
inline int64_t poweroff(uint32_t power) { return call(Syscall::Poweroff, power); }
inline int64_t frames_free() { return call(Syscall::FramesFree); }
// What a leak check compares: both return to their values once every
// object a program made is gone.
struct KernelMemory {
  uint64_t free_frames;
  uint64_t heap_bytes;  // held by live kernel objects
  bool operator==(const KernelMemory&) const = default;
};
inline KernelMemory kernel_memory() {
  register uint64_t r0 asm("a0");
  register uint64_t r1 asm("a1");
  register uint64_t r7 asm("a7") = static_cast<uint64_t>(Syscall::FramesFree);
  asm volatile("ecall" : "=r"(r0), "=r"(r1), "+r"(r7) : : TESSERA_SYSCALL_CLOBBERS, "a2", "a3", "a4", "a5");
  return {r0, r1};
}
inline int64_t mem_map(size_t size, uint64_t prot) { return call(Syscall::MemMap, size, prot); }
inline int64_t mem_unmap(uint64_t address, size_t size) { return call(Syscall::MemUnmap, address, size); }
// handles (at most 8, each with the transfer right) move to the child.
inline int64_t process_spawn(const char* path, size_t path_length, const char* args, size_t args_length,
                             const uint32_t* handles = nullptr, size_t handle_count = 0) {
  return call(Syscall::ProcessSpawn, reinterpret_cast<uint64_t>(path), path_length, reinterpret_cast<uint64_t>(args),
              args_length, reinterpret_cast<uint64_t>(handles), handle_count);
}
inline int64_t process_wait(uint32_t process, uint64_t deadline = abi::kForever) {
  return call(Syscall::ProcessWait, process, deadline);
}
inline int64_t handle_close(uint32_t handle) { return call(Syscall::HandleClose, handle); }
inline int64_t process_kill(uint32_t process) { return call(Syscall::ProcessKill, process); }
inline int64_t handle_dup(uint32_t handle, uint32_t rights) { return call(Syscall::HandleDup, handle, rights); }
inline int64_t handle_info(uint32_t handle) { return call(Syscall::HandleInfo, handle); }

// Shared buffers and devices.
// dma: a handle to the DMA capability (with kMembufContiguous), so that the
// buffer's handle gets the dma right; 0 for none.
inline int64_t membuf_create(size_t size, uint64_t flags = 0, uint32_t dma = 0) {
  return call(Syscall::MembufCreate, size, flags, dma);
}
// process: 0 for the caller's own address space.
inline int64_t membuf_map(uint32_t buffer, uint32_t process, uint64_t offset, size_t size, uint64_t prot) {
  return call(Syscall::MembufMap, buffer, process, offset, size, prot);
}
inline int64_t membuf_physical(uint32_t buffer) { return call(Syscall::MembufPhysical, buffer); }
inline int64_t mmio_map(uint32_t range) { return call(Syscall::MmioMap, range); }
inline int64_t irq_bind(uint32_t irq, uint32_t port, uint64_t badge) { return call(Syscall::IrqBind, irq, port, badge); }
inline int64_t irq_ack(uint32_t irq) { return call(Syscall::IrqAck, irq); }

// Building another process (procmgr's loader); each needs the manage right
// on the process (0 means the caller's own where the kernel allows it).
inline int64_t process_create(const char* name, size_t name_length) {
  return call(Syscall::ProcessCreate, reinterpret_cast<uint64_t>(name), name_length);
}
inline int64_t mem_map_at(uint32_t process, uint64_t address, size_t size, uint64_t prot) {
  return call(Syscall::MemMapAt, process, address, size, prot);
}
inline int64_t process_write(uint32_t process, uint64_t address, const void* source, size_t length) {
  return call(Syscall::ProcessWrite, process, address, reinterpret_cast<uint64_t>(source), length);
}
// Moves handle into process; returns its value there.
inline int64_t handle_give(uint32_t process, uint32_t handle) { return call(Syscall::HandleGive, process, handle); }
inline int64_t thread_start(uint32_t process, uint64_t entry, uint64_t stack_top, uint64_t argument) {
  return call(Syscall::ThreadStart, process, entry, stack_top, argument);
}
struct ProcessUsage {
  int64_t pages;     // resident pages, or a negative abi::Error
  uint64_t threads;  // live threads (0 once it has ended)
};
inline ProcessUsage process_info(uint32_t process) {
  register uint64_t r0 asm("a0") = process;
  register uint64_t r1 asm("a1") = 0;
  register uint64_t r7 asm("a7") = static_cast<uint64_t>(Syscall::ProcessInfo);
  asm volatile("ecall" : "+r"(r0), "+r"(r1), "+r"(r7) : : TESSERA_SYSCALL_CLOBBERS, "a2", "a3", "a4", "a5");
  return {static_cast<int64_t>(r0), r1};
}

inline uint64_t read_time() {
  uint64_t v;
  asm volatile("rdtime %0" : "=r"(v));
  return v;
}
inline uint64_t read_instret() {
  uint64_t v;
  asm volatile("rdinstret %0" : "=r"(v));
  return v;
}

}  // namespace sys
