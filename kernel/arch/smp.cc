#include "arch/smp.h"

#include <atomic>

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

// SBI's hart_start only asks a hart to start. The boot hart counts a
// secondary hart once it has checked in (secondary_main), as Linux's
// __cpu_up waits for its CPU: until then nothing may be placed there, nor
// wait for it. One that does not check in within kOnlineTimeoutMs is left
// out, and stops itself should it come later. By slot in secondary_cpus.
enum class Arrival : uint32_t { Starting, Online, LeftOut };
std::atomic<Arrival> arrivals[kMaxHarts];
constexpr uint64_t kOnlineTimeoutMs = 5000;

// A hart that OpenSBI let into _start as well is on its way to stopping
// itself (entry.S); it can be started only once it has.
void wait_until_stopped(uint64_t hart_id) {
  constexpr int kTries = 1000000;
  for (int i = 0; i < kTries && !sbi::hart_stopped(hart_id); ++i) {
  }
}

// Whether the hart told to start in slot checked in by deadline (time
// CSR); if not, it is left out. The boot hart waits in wfi on a short
// timer, not spinning: QEMU's single-threaded round-robin (-icount, as
// make bench runs) lets another hart run only when this one halts or its
// turn ends, and a spinning boot hart kept hart 1 from ever starting (100 s
// of guest time, measured), while harts 2 and 3 came.
bool came_online(size_t slot, uint64_t deadline, uint64_t poll_ticks) {
  while (arrivals[slot].load(std::memory_order_acquire) != Arrival::Online) {
    uint64_t now = csr::read_time();
    if (now >= deadline) {
      Arrival starting = Arrival::Starting;  // (it may check in this instant)
      return !arrivals[slot].compare_exchange_strong(starting, Arrival::LeftOut, std::memory_order_acq_rel);
    }
    sbi::set_timer(now + poll_ticks);  // (sie.STIE is on: interrupts_init)
    asm volatile("wfi" ::: "memory");
  }
  return true;
}

}  // namespace

// entry.S brings a started hart here on its boot stack, with tp = its Cpu.
extern "C" [[noreturn]] void secondary_main(Cpu* cpu) {
  Arrival starting = Arrival::Starting;
  if (!arrivals[cpu - secondary_cpus].compare_exchange_strong(starting, Arrival::Online, std::memory_order_acq_rel)) {
    sbi::hart_stop();  // too late: the boot hart left it out
  }
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
  size_t slots = 0;  // of secondary_cpus, each given to a hart told to start
  for (size_t i = 0; i < harts; ++i) {
    uint64_t hart_id = boot.hart_ids[i];
    if (hart_id == boot_cpu->hart_id) continue;
    if (hart_id >= 64) {  // beyond what one SBI hart mask reaches
      kprintf("[kernel] hart %lu left stopped\n", hart_id);
      continue;
    }
    Cpu* cpu = &secondary_cpus[slots];
    cpu->hart_id = hart_id;
    cpu->boot_stack_top = reinterpret_cast<uint64_t>(boot_stacks[slots] + kBootStackSize);
    if (!cpu->idle) sched::add_hart(cpu);  // (kept if the hart does not start: the next one takes it)
    wait_until_stopped(hart_id);
    if (!sbi::hart_start(hart_id, virt_to_phys(reinterpret_cast<const void*>(secondary_entry)),
                         reinterpret_cast<uint64_t>(cpu))) {
      kprintf("[kernel] hart %lu did not start\n", hart_id);
      continue;
    }
    ++slots;
  }
  // (One deadline for all: they come up side by side.)
  uint64_t deadline = csr::read_time() + boot.timebase_frequency * kOnlineTimeoutMs / 1000;
  uint64_t poll_ticks = boot.timebase_frequency / 1000;
  for (size_t slot = 0; slot < slots; ++slot) {
    Cpu* cpu = &secondary_cpus[slot];
    if (!came_online(slot, deadline, poll_ticks)) {
      kprintf("[kernel] hart %lu did not come online\n", cpu->hart_id);
      continue;
    }
    cpu->index = started_harts;
    cpus[started_harts++] = cpu;
  }
  sbi::set_timer(~0ull);  // the waits' timer, pending or not, is the scheduler's to set
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
    if (cpus[i] != here) owe(*cpus[i], Fence::Tlb);
  }
}

}  // namespace smp
}  // namespace kernel
