// The harts: starting the others at boot (SBI HSM), and what one hart asks
// of the others: to look at the run queue (an IPI) and to drop TLB entries
// (SBI remote fence). The kernel's state is shared under the big kernel lock.
#pragma once

#include <cstddef>
#include <cstdint>

#include "arch/cpu.h"

namespace kernel {

struct BootFacts;

namespace smp {

constexpr size_t kMaxHarts = 8;

// On the boot hart, under the big lock: starts every other hart of the
// device tree (up to kMaxHarts). Each runs its idle thread once the boot
// hart lets go of the lock.
void start_other_harts(const BootFacts& boot, Cpu* boot_cpu);
// How many harts run the kernel (counted from when they are started).
size_t hart_count();
inline bool several_harts() { return hart_count() > 1; }
Cpu* cpu(size_t index);

// Makes a hart look at the run queue (and at its thread's kill flag) now.
void kick(Cpu* cpu);
// Drops every TLB entry of asid on all harts but this one, once they are done.
void fence_asid_elsewhere(uint16_t asid);
// Drops every TLB entry, global ones too, on all harts but this one.
void fence_all_elsewhere();

}  // namespace smp
}  // namespace kernel
