#include "arch/smp.h"

#include "arch/csr.h"
#include "arch/interrupts.h"
#include "arch/plic.h"
#include "arch/sbi.h"
#include "debug/console.h"
#include "lib/fdt.h"
#include "mm/layout.h"
#include "mm/page_table.h"
#include "object/process.h"
#include "object/thread.h"
#include "sched/scheduler.h"
#include "sync/spinlock.h"

extern "C" void trap_vector();
extern "C" void secondary_entry();

namespace kernel {

KernelLock big_kernel_lock;

namespace smp {

size_t started_harts = 0;

namespace {

static_assert(kMaxHarts == BootFacts::kMaxHarts);

// A secondary hart needs a stack only from its entry until it switches to
// its idle thread (which has a kernel stack of its own).
constexpr size_t kBootStackSize = 8192;
alignas(16) uint8_t boot_stacks[kMaxHarts][kBootStackSize];

Cpu secondary_cpus[kMaxHarts];
Cpu* cpus[kMaxHarts];

// A hart that OpenSBI let into _start as well is on its way to stopping
// itself (entry.S); it can be started only once it has.
void wait_until_stopped(uint64_t hart_id) {
  constexpr int kTries = 1000000;
  for (int i = 0; i < kTries && !sbi::hart_stopped(hart_id); ++i) {
  }
}

}  // namespace

// entry.S brings a started hart here on its boot stack, with tp = its Cpu.
extern "C" [[noreturn]] void secondary_main(Cpu* cpu) {
  csr::write_sscratch(0);
  csr::write_stvec(reinterpret_cast<uint64_t>(trap_vector));
  activate_kernel_page_table();
  csr::sfence_vma_all();  // entry.S ran on the boot page table
  interrupts_init_hart();  // before the lock: a hart parked on it wakes on an IPI
  lock_kernel();
  plic::init_hart(cpu->hart_id);
  csr::write_scounteren(0x7);
  sched::start(cpu);
}

void start_other_harts(const BootFacts& boot, Cpu* boot_cpu) {
  sched::add_hart(boot_cpu);
  cpus[started_harts++] = boot_cpu;
  size_t harts = boot.hart_count < kMaxHarts ? boot.hart_count : kMaxHarts;
  for (size_t i = 0; i < harts; ++i) {
    uint64_t hart_id = boot.hart_ids[i];
    if (hart_id == boot_cpu->hart_id) continue;
    if (hart_id >= 64) {  // beyond what one SBI hart mask reaches
      kprintf("[kernel] hart %lu left stopped\n", hart_id);
      continue;
    }
    Cpu* cpu = &secondary_cpus[started_harts];
    cpu->hart_id = hart_id;
    cpu->boot_stack_top = reinterpret_cast<uint64_t>(boot_stacks[started_harts] + kBootStackSize);
    if (!cpu->idle) sched::add_hart(cpu);  // (kept if the hart does not start: the next one takes it)
    wait_until_stopped(hart_id);
    if (!sbi::hart_start(hart_id, virt_to_phys(reinterpret_cast<const void*>(secondary_entry)),
                         reinterpret_cast<uint64_t>(cpu))) {
      kprintf("[kernel] hart %lu did not start\n", hart_id);
      continue;
    }
    cpu->index = started_harts;
    cpus[started_harts++] = cpu;
  }
  // (Before the others take the big lock, which this hart holds.)
  for (size_t i = 0; i < started_harts; ++i) cpus[i]->several_harts = started_harts > 1;
}

extern "C" void wake_parked_harts(KernelLock* lock) {
  if (uint64_t harts = lock->take_parked()) sbi::send_ipi(harts);
}

void wait_for_fast_paths() {
  // (This hart's own lock is free here: lock_kernel is never called with it.)
  for (size_t i = 0; i < started_harts; ++i) cpus[i]->lock.wait_until_free_relaxed();
  // One acquire for every lock read free: what the fast paths wrote before
  // letting go is seen from here on.
  std::atomic_thread_fence(std::memory_order_acquire);
}

Cpu* cpu(size_t index) { return cpus[index]; }

void kick(Cpu* cpu) {
  if (cpu != this_cpu()) sbi::send_ipi(1ull << cpu->hart_id);
}

namespace {

// Fences the other harts for a change to space (mm/remote_fences.h);
// returns the mask of those that run it now, which the caller fences at once.
uint64_t leave_fence(const AddressSpace* space, Fence fence) {
  return fence_others(cpus, started_harts, this_cpu(), fence, [space](const Cpu& cpu) {
    Process* process = cpu.current->process.get();
    return process && process->space_if_any() == space;
  });
}

}  // namespace

void fence_space(const AddressSpace* space, uint16_t asid) {
  if (uint64_t running = leave_fence(space, Fence::Tlb)) sbi::remote_sfence_vma_asid(running, asid);
}

void sync_instructions(const AddressSpace* space) {
  asm volatile("fence.i" ::: "memory");
  Cpu* here = this_cpu();
  ++here->code_fences;
  if (uint64_t running = leave_fence(space, Fence::Instructions)) {
    sbi::remote_fence_i(running);
    here->remote_code_fences += __builtin_popcountll(running);
  }
}

void flush_other_tlbs_later() {
  Cpu* here = this_cpu();
  for (size_t i = 0; i < started_harts; ++i) {
    if (cpus[i] != here) cpus[i]->owed.add(Fence::Tlb);
  }
}

}  // namespace smp
}  // namespace kernel
