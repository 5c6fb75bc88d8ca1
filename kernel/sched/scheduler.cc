#include "sched/make_current.h"
#include "sched/scheduler.h"

#include "abi/syscall.h"
#include "arch/cpu.h"
#include "arch/csr.h"
#include "arch/interrupts.h"
#include "arch/sbi.h"
#include "arch/smp.h"
#include "debug/console.h"
#include "lib/run_queue.h"
#include "mm/page_table.h"
#include "object/process.h"
#include "object/thread.h"
#include "object/thread_interrupt.h"
#include "ipc/transfer.h"
#include "sched/kernel_exit.h"
#include "sched/placement.h"
#include "sched/sleep_queue.h"
#include "sched/wait_queue.h"
#include "sync/spinlock.h"

extern "C" void switch_context(kernel::SwitchContext* from, kernel::SwitchContext* to);
extern "C" [[noreturn]] void load_context(kernel::SwitchContext* to);
extern "C" void fp_save(uint64_t* state);
extern "C" void fp_restore(const uint64_t* state);

namespace kernel {

namespace sched {

namespace {

using Sleepers = SleepQueue<Thread, &Thread::timer_node, &Thread::deadline>;
Sleepers sleepers;
uint64_t frequency = 10'000'000;

uint64_t slice_ticks() { return frequency / 100; }  // 10 ms
// An idle hart has no time slice: its timer is set only for a sleeper's
// deadline, so it does not take the big lock from the busy harts at every
// tick (a kick wakes it when there is work).
constexpr uint64_t kNoSlice = ~0ull;
uint64_t slice_end_for(Cpu* cpu, Thread* next) { return next == cpu->idle ? kNoSlice : now() + slice_ticks(); }

Thread* thread_of_queue(ListNode* n) { return container_of<Thread, &Thread::queue_node>(n); }

// Sets the timer for the earlier of the slice's end and the first sleeper,
// but only when that moves earlier than the timer already set: the SBI call
// costs about 290 instructions, and every switch starts a new slice, which
// ends later. A timer set too early fires, finds nothing due and comes here
// again (on_timer), so it costs one interrupt and is never wrong.
void program_timer(Cpu* cpu) {
  uint64_t next = cpu->slice_end;
  uint64_t first_deadline = sleepers.next_deadline();
  if (first_deadline < next) next = first_deadline;
  if (next >= cpu->timer_armed) return;
  cpu->timer_armed = next;
  sbi::set_timer(next);
}

void add_sleeper(Thread* t) {
  KASSERT(!Sleepers::queued(t));
  sleepers.add(t);
}


// Work left by the thread we switched away from: the stack of an exited
// thread can only be freed once we are no longer running on it.
void finish_switch(Cpu* cpu) {
  if (Thread* z = cpu->zombie) {
    cpu->zombie = nullptr;
    z->release_stack();
    z->release();
  }
}

// Switches to next with a fresh time slice. A thread blocked with a user
// continuation keeps nothing on its stack, so its context is not saved.
void switch_to(Thread* next) {
  Cpu* cpu = this_cpu();
  Thread* prev = cpu->current;
  cpu->slice_end = slice_end_for(cpu, next);
  program_timer(cpu);
  next->state = ThreadState::Running;
  if (next == prev) return;
  // The IPC fast path parks a thread without writing its continuation.
  if (next->resumes_in_user) next->set_user_continuation();
  make_current(cpu, prev, next);
  if (prev->state == ThreadState::Blocked && prev->resumes_in_user) load_context(&next->context);
  switch_context(&prev->context, &next->context);
  finish_switch(this_cpu());
}

HartView view_of(const Cpu* cpu) {
  bool idle = cpu->current == cpu->idle;
  return HartView{idle, idle ? -1 : static_cast<int>(cpu->current->priority), cpu->ready.highest()};
}

// A snapshot of every hart for the placement policy; returns the count.
size_t view_harts(HartView (&harts)[smp::kMaxHarts]) {
  size_t count = smp::hart_count();
  for (size_t i = 0; i < count; ++i) harts[i] = view_of(smp::cpu(i));
  return count;
}

// The highest priority ready on this hart's own queues, or RunQueue::kEmpty.
int best_ready(Cpu* cpu) {
  int placed = cpu->ready.highest();
  int own = cpu->pinned.highest();
  return placed > own ? placed : own;
}

// Another hart that should take a thread waiting here: the first idle one.
void offer_waiting(Cpu* cpu) {
  if (cpu->ready.empty()) return;
  for (size_t i = 0; i < smp::hart_count(); ++i) {
    Cpu* other = smp::cpu(i);
    if (other != cpu && other->current == other->idle) {
      smp::kick(other);
      return;
    }
  }
}

// Whether a thread waits on another hart's stealable queue (the cheap
// test before a steal is weighed: usually none does).
bool others_waiting(const Cpu* cpu) {
  for (size_t i = 0; i < smp::hart_count(); ++i) {
    const Cpu* other = smp::cpu(i);
    if (other != cpu && !other->ready.empty()) return true;
  }
  return false;
}

// A ready queue and its highest level, the thread to run next; no queue
// if none is ready.
struct Pick {
  RunQueue* queue;
  int level;
};

// The queue this hart takes its next thread from: another hart's, if a
// better thread waits there than in its own (an idle hart steals any),
// else the better of its own two (its pinned one on a tie). (Each level
// scanned once: a scan is two dozen instructions, on every switch.)
Pick queue_to_run(Cpu* cpu) {
  int placed = cpu->ready.highest();
  int pinned = cpu->pinned.highest();
  int own = placed > pinned ? placed : pinned;
  if (smp::several_harts() && others_waiting(cpu)) {
    HartView harts[smp::kMaxHarts];
    size_t count = view_harts(harts);
    size_t victim = steal_from(harts, count, cpu->index, own);
    if (victim != kNoHart) {
      RunQueue* queue = &smp::cpu(victim)->ready;
      return {queue, queue->highest()};
    }
  }
  if (own == RunQueue::kEmpty) return {nullptr, own};
  return {placed > pinned ? &cpu->ready : &cpu->pinned, own};
}

// Runs the best ready thread; the current one must already be queued,
// blocked or dead.
void run_next() {
  KASSERT(big_kernel_lock.held());
  Cpu* cpu = this_cpu();
  cpu->need_resched = false;
  Pick pick = queue_to_run(cpu);
  ListNode* n = pick.queue ? pick.queue->pop_at(pick.level) : nullptr;
  // A thread that blocked or ended leaves what still waits here to an idle
  // hart; one that yields or is preempted gives the waiting thread its
  // turn here, and the hart's next tick offers whatever still waits.
  if (smp::several_harts() && cpu->current->state != ThreadState::Ready) offer_waiting(cpu);
  switch_to(n ? thread_of_queue(n) : cpu->idle);
}

void idle_loop(void*) {
  Cpu* cpu = this_cpu();
  for (;;) {
    while (!queue_to_run(cpu).queue) {
      big_kernel_lock.unlock();
      // Interrupts stay masked in the kernel: wfi still wakes on a pending
      // one, which we then handle by polling sip.
      csr::wait_for_interrupt();
      smp::lock_kernel();
      poll_interrupts();
    }
    cpu->idle->state = ThreadState::Ready;
    run_next();
  }
}

}  // namespace

// What a thread with a user continuation runs when switched in (a new
// thread, or one that blocked in IPC): finish the switch that brought it
// here, give up the big lock, and return its TrapFrame, which
// thread_trampoline hands to return_to_user.
extern "C" TrapFrame* resume_in_user(Thread* thread) {
  thread->resumes_in_user = false;
  finish_switch(this_cpu());
  if (thread->killed) exit_killed();  // started in a process killed meanwhile
  if (thread->interrupt_pending) raise_interrupt_trap();
  big_kernel_lock.unlock();
  return thread->frame;
}

namespace {

// The owner's registers go to memory if it wrote them since they were loaded.
void save_fp_if_dirty(Thread* owner) {
  if (!owner || (owner->frame->sstatus & csr::kSstatusFsMask) != csr::kSstatusFsDirty) return;
  csr::set_sstatus(csr::kSstatusFsInitial);  // let the kernel touch FP registers
  fp_save(owner->fp_state);
}

}  // namespace

void release_fpu(Cpu* cpu) {
  Thread* owner = cpu->fp_owner;
  if (!owner) return;
  save_fp_if_dirty(owner);
  // Its next FP instruction traps, to claim_fpu (sched/make_current.h).
  owner->frame->sstatus &= ~csr::kSstatusFsMask;
  cpu->fp_owner = nullptr;
}

bool claim_fpu(Thread* t) {
  Cpu* cpu = this_cpu();
  if ((t->frame->sstatus & csr::kSstatusFsMask) != 0 || cpu->fp_owner == t) return false;
  release_fpu(cpu);
  csr::set_sstatus(csr::kSstatusFsInitial);  // let the kernel touch FP registers
  fp_restore(t->fp_state);
  cpu->fp_owner = t;
  t->frame->sstatus |= csr::kSstatusFsInitial;  // clean: restored, not yet written
  return true;
}

uint64_t now() { return csr::read_time(); }
uint64_t ticks_per_second() { return frequency; }
void set_ticks_per_second(uint64_t f) { frequency = f ? f : frequency; }

void add_hart(Cpu* cpu) {
  auto idle = Thread::create_kernel(idle_loop, nullptr, 0);
  if (!idle) panic("no idle thread");
  cpu->idle = *idle;
  cpu->current = *idle;
}

void start(Cpu* cpu) {
  Thread* idle = cpu->idle;
  idle->state = ThreadState::Running;
  cpu->slice_end = kNoSlice;
  program_timer(cpu);
  SwitchContext boot;
  switch_context(&boot, &idle->context);
  panic("the boot stack was resumed");
}

namespace {

// A ready thread waits on its pinned hart's queue, or on the stealable
// queue of the hart it was placed on: frame->cpu, which tp is loaded from
// once it runs (there or, if stolen, on the thief, which sets it anew).
RunQueue& queue_of(Thread* t) { return t->pinned ? t->pinned->pinned : t->frame->cpu->ready; }

bool worse_than(Cpu* cpu, unsigned priority) { return preempts(view_of(cpu), priority); }

// The hart for a thread that may run anywhere (sched/placement.h).
Cpu* place_thread(Thread* t, Cpu* here) {
  if (!smp::several_harts()) return here;
  HartView harts[smp::kMaxHarts];
  size_t count = view_harts(harts);
  Cpu* last = t->frame->cpu;
  size_t chosen = place(harts, count, here->index, last ? last->index : kNoHart, t->priority);
  return smp::cpu(chosen);
}

}  // namespace

void make_ready(Thread* t) {
  KASSERT(big_kernel_lock.held());
  KASSERT(t->frame);  // (the idle threads are never queued)
  t->state = ThreadState::Ready;
  Cpu* here = this_cpu();
  Cpu* target = t->pinned ? t->pinned : place_thread(t, here);
  if (!t->pinned) t->frame->cpu = target;
  queue_of(t).push_back(&t->queue_node, t->priority);
  if (target != here) {
    if (worse_than(target, t->priority)) smp::kick(target);
  } else if (worse_than(here, t->priority)) {
    here->need_resched = true;
  }
  // Else it waits here. If the current thread blocks first (an IPC call),
  // it runs here and no other hart is disturbed; else the next switch or
  // tick here offers it to an idle hart (offer_waiting), and idle harts
  // look for work on their own ticks too.
}

void pin_current(Cpu* cpu) {
  current_thread()->pinned = cpu;
  // Off to its hart now, if it is not on it.
  yield();
}

void yield() {
  Thread* t = current_thread();
  make_ready(t);
  run_next();
}

namespace {

void mark_blocked(Thread* t, WaitQueue* queue, uint64_t deadline) {
  // (A caller waits with no queue of its own: its queue_node is on the
  // channel end's list of calls already.)
  KASSERT(t->state == ThreadState::Running && !Sleepers::queued(t));
  t->state = ThreadState::Blocked;
  t->wake_result = Error::Ok;
  if (queue) {
    KASSERT(!t->queue_node.linked());
    queue->list().push_back(&t->queue_node);
  }
  if (deadline != abi::kForever) {
    t->deadline = deadline;
    add_sleeper(t);
  }
}

}  // namespace

Error block(WaitQueue* queue, uint64_t deadline) {
  Thread* t = current_thread();
  // A killed thread never waits: it unwinds to the kernel exit and ends there.
  if (t->killed) return Error::PeerClosed;
  mark_blocked(t, queue, deadline);
  // An interrupt requested before it blocked ends the wait at once.
  if (t->interrupt_pending) end_wait_for_interrupt(*t);
  run_next();
  return t->wake_result;
}

void block_in_user(WaitQueue* queue, uint64_t deadline) {
  Thread* t = current_thread();
  if (t->killed) exit_killed();  // nothing on the stack holds a reference
  mark_blocked(t, queue, deadline);
  t->set_user_continuation();
  if (t->interrupt_pending && wait_interruptible(*t)) end_wait_for_interrupt(*t);
  run_next();
  // Only a wait that ended before anything else ran (an interrupt asked
  // for earlier) gets here, the thread picked again: it leaves as a
  // thread switched in does, from its frame.
  KASSERT(t->state == ThreadState::Running && t->resumes_in_user);
  load_context(&t->context);
}

void wake(Thread* t, Error result) {
  KASSERT(big_kernel_lock.held());
  if (t->state != ThreadState::Blocked) {
    // Only a blocked thread may sit on a sleep or wait queue.
    KASSERT(!Sleepers::queued(t));
    return;
  }
  if (t->queue_node.linked()) List::remove(&t->queue_node);
  if (Sleepers::queued(t)) Sleepers::remove(t);
  t->wake_result = result;
  if (result != Error::Ok) {
    if (t->ipc_state != IpcState::None) ipc_abort(*t);
    // A thread resuming in user mode gets the result where the syscall's goes.
    if (t->resumes_in_user) t->frame->x[kA0] = static_cast<uint64_t>(result);
  }
  make_ready(t);
}

void exit_current() {
  Cpu* cpu = this_cpu();
  Thread* t = cpu->current;
  ipc_thread_gone(*t);
  t->state = ThreadState::Dead;
  if (Sleepers::queued(t)) Sleepers::remove(t);
  if (cpu->fp_owner == t) cpu->fp_owner = nullptr;
  if (t->process) t->process->thread_finished(t);
  cpu->zombie = t;
  run_next();
  panic("a dead thread was scheduled");
}

void terminate(Thread* t) {
  t->killed = true;
  // Running on another hart: it ends on its way out of the kernel, which
  // the IPI makes it take now if it is in user mode.
  if (t->state == ThreadState::Running) {
    smp::kick(t->frame->cpu);
    return;
  }
  // A thread with kernel frames on its stack (blocked or preempted inside a
  // syscall or a trap) may hold references there: it must unwind to the
  // kernel exit, which ends a killed thread (on_kernel_exit, preempt). It
  // goes first in line so that it does so now, whatever its priority. Only
  // a thread that keeps nothing on its stack can be ended on the spot.
  if (!t->resumes_in_user) {
    if (t->state == ThreadState::Blocked) wake(t, Error::PeerClosed);
    if (t->state == ThreadState::Ready) {
      queue_of(t).remove(&t->queue_node, t->priority);
      t->priority = Thread::kMaxPriority;
      make_ready(t);
    }
    return;
  }
  if (t->state == ThreadState::Ready) queue_of(t).remove(&t->queue_node, t->priority);
  ipc_thread_gone(*t);
  if (t->queue_node.linked()) List::remove(&t->queue_node);
  if (Sleepers::queued(t)) Sleepers::remove(t);
  t->state = ThreadState::Dead;
  Cpu* cpu = this_cpu();
  if (cpu->fp_owner == t) cpu->fp_owner = nullptr;
  if (t->process) t->process->thread_finished(t);
  t->release_stack();
  t->release();
}

void exit_killed() { exit_current(); }

void on_timer() {
  Cpu* cpu = this_cpu();
  uint64_t t = now();
  while (Thread* sleeper = sleepers.first_expired(t)) {
    KASSERT(sleeper->state == ThreadState::Blocked);
    wake(sleeper, Error::TimedOut);
  }
  if (smp::several_harts()) offer_waiting(cpu);
  if (t >= cpu->slice_end) {
    Thread* current = cpu->current;
    int best = best_ready(cpu);
    if (current != cpu->idle && best != RunQueue::kEmpty && best >= current->priority) cpu->need_resched = true;
    cpu->slice_end = t + slice_ticks();
  }
  cpu->timer_armed = ~0ull;  // it fired: program_timer must set it again
  program_timer(cpu);
  // Nothing due (an idle hart, no sleeper): the timer that fired stays
  // pending until it is set again, and wfi would not wait.
  if (cpu->timer_armed == ~0ull) sbi::set_timer(~0ull);
}

void preempt() {
  Thread* t = current_thread();
  if (t->state == ThreadState::Running) {
    Cpu* cpu = this_cpu();
    int best = best_ready(cpu);
    if (best == RunQueue::kEmpty || best < t->priority) {
      cpu->need_resched = false;
      if (smp::several_harts()) offer_waiting(cpu);
      return;
    }
    make_ready(t);
  }
  run_next();
  // Back on the CPU: the thread may have been killed while it was switched out.
  if (t->killed) exit_killed();
}

}  // namespace sched

}  // namespace kernel
