// The registers of a thread's user context, saved at the top of its kernel
// stack on every entry from user mode. Offsets are shared with trap.S.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kernel {

struct Cpu;

enum Reg : int {
  kRa = 1, kSp = 2, kGp = 3, kTp = 4, kT0 = 5, kT1, kT2, kS0 = 8,
  kA0 = 10, kA1, kA2, kA3, kA4, kA5, kA6, kA7, kT3 = 28, kT4, kT5
};

// The message registers: word k of a message travels in kMessageRegs[k]
// (abi/ipc_buffer.h, docs/ipc.md "Message registers").
inline constexpr Reg kMessageRegs[] = {kA2, kA3, kA4, kA5, kT0, kT1, kT2, kT3, kT4, kT5};

struct TrapFrame {
  uint64_t x[32];  // x[0] is unused: there is no register to save
  uint64_t sepc;
  uint64_t sstatus;
  Cpu* cpu;        // the hart this thread runs on: loaded into tp on entry
  uint64_t pad;
};

static_assert(offsetof(TrapFrame, sepc) == 256);
static_assert(offsetof(TrapFrame, sstatus) == 264);
static_assert(offsetof(TrapFrame, cpu) == 272);
static_assert(sizeof(TrapFrame) == 288);

// The callee-saved context of a thread in the kernel, switched by switch.S.
struct SwitchContext {
  uint64_t ra;
  uint64_t sp;
  uint64_t s[12];
};

}  // namespace kernel
