// RISC-V supervisor CSRs and the few privileged instructions the kernel uses.
#pragma once

#include <cstdint>

namespace kernel::csr {

constexpr uint64_t kSstatusSie = 1ull << 1;
constexpr uint64_t kSstatusSpie = 1ull << 5;
constexpr uint64_t kSstatusSpp = 1ull << 8;
constexpr uint64_t kSstatusFsMask = 3ull << 13;
constexpr uint64_t kSstatusFsInitial = 1ull << 13;
constexpr uint64_t kSstatusFsDirty = 3ull << 13;
constexpr uint64_t kSstatusSum = 1ull << 18;

constexpr uint64_t kSieSsie = 1ull << 1;
constexpr uint64_t kSieStie = 1ull << 5;
constexpr uint64_t kSieSeie = 1ull << 9;

constexpr uint64_t kScauseInterrupt = 1ull << 63;

enum Cause : uint64_t {
  InstructionMisaligned = 0,
  InstructionAccessFault = 1,
  IllegalInstruction = 2,
  Breakpoint = 3,
  LoadMisaligned = 4,
  LoadAccessFault = 5,
  StoreMisaligned = 6,
  StoreAccessFault = 7,
  EcallFromU = 8,
  EcallFromS = 9,
  InstructionPageFault = 12,
  LoadPageFault = 13,
  StorePageFault = 15,
};

enum Interrupt : uint64_t {
  SoftwareInterrupt = 1,
  TimerInterrupt = 5,
  ExternalInterrupt = 9,
};

#define KERNEL_CSR_ACCESSORS(name)                                          \
  inline uint64_t read_##name() {                                           \
    uint64_t v;                                                             \
    asm volatile("csrr %0, " #name : "=r"(v));                              \
    return v;                                                               \
  }                                                                         \
  inline void write_##name(uint64_t v) { asm volatile("csrw " #name ", %0" ::"r"(v)); } \
  inline void set_##name(uint64_t bits) { asm volatile("csrs " #name ", %0" ::"r"(bits)); } \
  inline void clear_##name(uint64_t bits) { asm volatile("csrc " #name ", %0" ::"r"(bits)); }

KERNEL_CSR_ACCESSORS(sstatus)
KERNEL_CSR_ACCESSORS(sie)
KERNEL_CSR_ACCESSORS(sip)
KERNEL_CSR_ACCESSORS(stvec)
KERNEL_CSR_ACCESSORS(sscratch)
KERNEL_CSR_ACCESSORS(sepc)
KERNEL_CSR_ACCESSORS(scause)
KERNEL_CSR_ACCESSORS(stval)
KERNEL_CSR_ACCESSORS(satp)
KERNEL_CSR_ACCESSORS(scounteren)
#undef KERNEL_CSR_ACCESSORS

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

inline void sfence_vma_all() { asm volatile("sfence.vma" ::: "memory"); }
inline void sfence_vma(uint64_t va) { asm volatile("sfence.vma %0, zero" ::"r"(va) : "memory"); }
inline void wait_for_interrupt() { asm volatile("wfi"); }

inline void interrupts_on() { set_sstatus(kSstatusSie); }
inline bool interrupts_off() {
  uint64_t old;
  asm volatile("csrrci %0, sstatus, 2" : "=r"(old));
  return old & kSstatusSie;
}
inline void interrupts_restore(bool on) {
  if (on) interrupts_on();
}

}  // namespace kernel::csr
