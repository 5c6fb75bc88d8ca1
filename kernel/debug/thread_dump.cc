#include "debug/thread_dump.h"

#include "abi/syscall.h"
#include "arch/smp.h"
#include "debug/console.h"
#include "object/process.h"
#include "object/thread.h"
#include "sched/scheduler.h"

namespace kernel {

namespace {

constexpr const char* kSyscallNames[] = {
#define TESSERA_NAME(Name, name) #name,
    TESSERA_SYSCALLS(TESSERA_NAME)
#undef TESSERA_NAME
};
constexpr uint64_t kSyscallCount = sizeof(kSyscallNames) / sizeof(kSyscallNames[0]);

const char* state_name(ThreadState state) {
  switch (state) {
    case ThreadState::Ready: return "ready";
    case ThreadState::Running: return "running";
    case ThreadState::Blocked: return "blocked";
    case ThreadState::Dead: return "dead";
  }
  return "?";
}

const char* ipc_state_name(IpcState state) {
  switch (state) {
    case IpcState::None: return "";
    case IpcState::Receiving: return " receiving";
    case IpcState::Calling: return " calling (queued)";
    case IpcState::AwaitingReply: return " awaiting reply";
  }
  return "?";
}

// Timebase ticks in microseconds, for any deadline a program may give
// (whole seconds first: ticks * 1,000,000 could overflow).
int64_t micros(int64_t ticks) {
  auto per_second = static_cast<int64_t>(sched::ticks_per_second());
  return ticks / per_second * 1'000'000 + ticks % per_second * 1'000'000 / per_second;
}

// Microseconds from now to a timebase deadline; negative once it passed.
int64_t micros_from_now(uint64_t deadline) { return micros(static_cast<int64_t>(deadline - sched::now())); }

// The hart running t now, or null.
Cpu* running_on(const Thread* t) {
  for (size_t i = 0; i < smp::hart_count(); ++i) {
    if (smp::cpu(i)->current == t) return smp::cpu(i);
  }
  return nullptr;
}

// The hart whose idle thread t is, or null.
Cpu* idle_hart_of(const Thread* t) {
  for (size_t i = 0; i < smp::hart_count(); ++i) {
    if (smp::cpu(i)->idle == t) return smp::cpu(i);
  }
  return nullptr;
}

// A run queue's best waiting priority, or "-" when it is empty.
void print_queue(const char* name, const RunQueue& queue) {
  if (queue.empty()) kprintf(", %s -", name);
  else kprintf(", %s up to %d", name, queue.highest());
}

void dump_hart(Cpu* cpu) {
  Thread* current = cpu->current;
  kprintf("[threads] hart %zu: runs thread %lu%s", cpu->index, current->id, current == cpu->idle ? " (idle)" : "");
  print_queue("ready", cpu->ready);
  print_queue("pinned", cpu->pinned);
  if (cpu->need_resched) kprintf(", resched");
  kprintf(", fence.i %lu run %lu sent", cpu->code_fences, cpu->remote_code_fences);
  // (An overdue timer is one that fired and is not handled yet: its hart
  // waits for the lock this dump holds, or has interrupts masked.)
  if (cpu->timer_armed == ~0ull) kprintf(", timer unset\n");
  else kprintf(", timer in %ld us\n", micros_from_now(cpu->timer_armed));
}

// What a blocked thread waits for. Every wait is made inside a syscall,
// whose number and first argument (a handle, or a deadline for
// sleep_until) are still in its frame.
void print_wait(const Thread* t) {
  uint64_t number = t->frame->x[kA7];
  if (t->process && number < kSyscallCount) {
    kprintf(" in %s(%#lx)", kSyscallNames[number], t->frame->x[kA0]);
  }
  kprintf("%s", ipc_state_name(t->ipc_state));
  if (t->replier) kprintf(" by thread %lu", t->replier->id);
  if (t->parked_in) kprintf(" parked in a reply");
  if (t->timer_node.linked()) kprintf(", deadline in %ld us", micros_from_now(t->deadline));
  else kprintf(", no deadline");
}

void dump_thread(const Thread* t) {
  Cpu* idle_of = idle_hart_of(t);
  if (t->process) kprintf("[threads] %s pid %lu thread %lu: ", t->process->name(), t->process->pid(), t->id);
  else if (idle_of) kprintf("[threads] idle thread %lu of hart %zu: ", t->id, idle_of->index);
  else kprintf("[threads] kernel thread %lu: ", t->id);
  kprintf("%s", state_name(t->state));
  if (t->state == ThreadState::Blocked) print_wait(t);
  if (t->caller) kprintf(", serving thread %lu", t->caller->id);
  if (t->killed) kprintf(", killed");
  if (t->interrupt_pending) kprintf(", interrupt pending");
  // Running: where; ready: the hart whose queue holds it; blocked: where it
  // ran last. (A dead thread's frame went with its stack.)
  Cpu* hart = running_on(t);
  if (!hart && t->state == ThreadState::Ready && t->pinned) hart = t->pinned;
  if (!hart && t->process && t->state != ThreadState::Dead) hart = t->frame->cpu;
  if (hart) kprintf(", hart %zu", hart->index);
  kprintf(", priority %u", t->priority);
  if (t->pinned) kprintf(", pinned to hart %zu", t->pinned->index);
  kprintf("\n");
}

}  // namespace

void dump_threads() {
  KASSERT(big_kernel_lock.held());
  kprintf("[threads] dump at %ld us, %zu harts\n", micros(static_cast<int64_t>(sched::now())), smp::hart_count());
  for (size_t i = 0; i < smp::hart_count(); ++i) dump_hart(smp::cpu(i));
  List& all = Thread::all();
  for (ListNode* n = all.front(); n; n = all.next_of(n)) dump_thread(container_of<Thread, &Thread::all_node>(n));
  kprintf("[threads] end\n");
}

}  // namespace kernel
