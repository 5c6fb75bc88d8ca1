// Raw system calls: number in a7, arguments in a0-a5, result in a0; the
// wrappers are generated from the syscall table (common/abi/syscalls.toml). An
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

// The arguments go in a0, a1, ... in order; a register past them is left
// as it is, not zeroed: the kernel reads no argument a call does not take.
template <class... Args>
inline int64_t call(Syscall number, Args... args) {
  constexpr size_t count = sizeof...(Args);
  static_assert(count <= 6, "arguments go in a0-a5");
  const uint64_t given[count + 1] = {static_cast<uint64_t>(args)...};
  register uint64_t r0 asm("a0");
  register uint64_t r1 asm("a1");
  register uint64_t r2 asm("a2");
  register uint64_t r3 asm("a3");
  register uint64_t r4 asm("a4");
  register uint64_t r5 asm("a5");
  // Gives every register a value without an instruction; the arguments
  // then overwrite theirs.
  asm("" : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(r3), "=r"(r4), "=r"(r5));
  if constexpr (count > 0) r0 = given[0];
  if constexpr (count > 1) r1 = given[1];
  if constexpr (count > 2) r2 = given[2];
  if constexpr (count > 3) r3 = given[3];
  if constexpr (count > 4) r4 = given[4];
  if constexpr (count > 5) r5 = given[5];
  register uint64_t r7 asm("a7") = static_cast<uint64_t>(number);
  asm volatile("ecall"
               : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r7)
               :
               : TESSERA_SYSCALL_CLOBBERS);
  return static_cast<int64_t>(r0);
}

// For calls that answer in a0 and a1.
struct Registers {
  uint64_t a0, a1;
};
inline Registers call_pair(Syscall number, uint64_t a0 = 0, uint64_t a1 = 0) {
  register uint64_t r0 asm("a0") = a0;
  register uint64_t r1 asm("a1") = a1;
  register uint64_t r7 asm("a7") = static_cast<uint64_t>(number);
  asm volatile("ecall" : "+r"(r0), "+r"(r1), "+r"(r7) : : TESSERA_SYSCALL_CLOBBERS, "a2", "a3", "a4", "a5");
  return {r0, r1};
}

inline bool failed(int64_t result) { return result < 0; }
inline Error error_of(int64_t result) { return static_cast<Error>(result); }

// A new thread's entry point; its argument arrives in a0.
using ThreadEntry = void (*)(uint64_t);

}  // namespace sys

// sys::<name> for every call of the syscall table but the IPC messages.
#include "ipc/syscall_wrappers.h"

namespace sys {

// Free physical frames: what most leak checks compare.
inline int64_t frames_free() { return static_cast<int64_t>(kernel_memory().free_frames); }

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
