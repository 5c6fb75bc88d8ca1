// Threads of the calling process: create, exit, yield, sleep, pin to a hart.
#include "abi/syscall.h"
#include "arch/smp.h"
#include "mm/layout.h"
#include "sched/scheduler.h"
#include "syscall/handles.h"
#include "syscall/syscall.h"

namespace kernel {

int64_t sys_thread_create(TrapFrame& f) {
  uint64_t entry = f.x[kA0];
  uint64_t stack_top = f.x[kA1];
  uint64_t argument = f.x[kA2];
  uint64_t priority = f.x[kA3];
  // A thread may not outrank its creator: priorities only flow downwards.
  if (priority > current_thread()->priority) return error_code(Error::AccessDenied);
  if (entry >= kUserTop || stack_top > kUserTop || stack_top % 16) return error_code(Error::InvalidArgument);
  Process& p = current_process();
  auto created = Thread::create_user(&p, entry, stack_top, argument, static_cast<unsigned>(priority));
  if (!created) return error_code(created.error());
  auto thread = RefPtr<Thread>::adopt(*created);
  // Threads of one program share its global pointer (gp-relative data). The
  // syscall entry does not save gp; the kernel never changes it, so the
  // register still holds the caller's.
  uint64_t gp;
  asm("mv %0, gp" : "=r"(gp));
  thread->frame->x[kGp] = gp;
  auto handle = p.add_handle(thread.get(), abi::rights::kBasic | abi::rights::kManage);
  if (!handle) return error_code(handle.error());
  thread->pinned = current_thread()->pinned;
  p.add_thread(thread.get());
  sched::make_ready(thread.into_raw());  // the scheduler's reference until the thread is gone
  return *handle;
}

int64_t sys_thread_exit(TrapFrame&) { sched::exit_current(); }

int64_t sys_yield(TrapFrame&) {
  sched::yield();
  return 0;
}

int64_t sys_sleep_until(TrapFrame& f) {
  uint64_t deadline = f.x[kA0];
  if (deadline <= sched::now()) return 0;
  Error e = sched::block(nullptr, deadline);
  return e == Error::TimedOut ? 0 : error_code(e);
}

int64_t sys_thread_pin(TrapFrame& f) {
  auto hart = static_cast<int64_t>(f.x[kA0]);
  if (hart == -1) {
    sched::pin_current(nullptr);
    return 0;
  }
  for (size_t i = 0; i < smp::hart_count(); ++i) {
    Cpu* cpu = smp::cpu(i);
    if (static_cast<int64_t>(cpu->hart_id) == hart) {
      sched::pin_current(cpu);
      return 0;
    }
  }
  return error_code(Error::InvalidArgument);
}

}  // namespace kernel
