// Processes: exit, wait, kill; and closing handles. Programs are started
// from user space (sys_builder.cc); the kernel itself loads only init.
#include "abi/syscall.h"
#include "arch/smp.h"
#include "sched/scheduler.h"
#include "syscall/handles.h"
#include "syscall/syscall.h"

namespace kernel {

int64_t sys_process_exit(TrapFrame& f) {
  current_process().kill(static_cast<int64_t>(static_cast<uint32_t>(f.x[kA0])));
  sched::exit_current();
}

int64_t sys_process_wait(TrapFrame& f) {
  auto process = get_object<Process>(f.x[kA0], abi::rights::kWait);
  if (!process) return error_code(process.error());
  Process* child = *process;
  uint64_t deadline = f.x[kA1];
  // Hold a reference: the handle may be closed by another thread while we sleep.
  RefPtr<Process> held(child);
  Error e = Error::Ok;
  while (!child->exited() && e == Error::Ok) e = sched::block(&child->exit_waiters(), deadline);
  return child->exited() ? child->exit_status() : error_code(e);
}

int64_t sys_process_kill(TrapFrame& f) {
  auto process = get_object<Process>(f.x[kA0], abi::rights::kManage);
  if (!process) return error_code(process.error());
  // Stops its threads at once (a no-op if it is ending already); if it is
  // the caller's own process, the calling thread goes too.
  (*process)->kill(abi::kExitKilled);
  if (*process == &current_process()) sched::exit_current();
  // A thread on another hart stops when that hart takes the kick, and the
  // process ends once all its threads have (each is stopped where it
  // stands, or unwinds first in line). Wait for that, asleep, so that none
  // of the process's code runs once kill has returned. Spinning here, the
  // lock let go and taken back at once, starved the kicked hart of the
  // lock it needs to stop the thread (docs/kernel.md "Several harts").
  // A caller killed meanwhile (two harts killing each other's processes)
  // stops waiting and ends on its way out.
  RefPtr<Process> held(*process);
  while (!held->exited() && held->runs_elsewhere()) {
    if (sched::block(&held->exit_waiters(), abi::kForever) != Error::Ok) break;
  }
  return 0;
}

int64_t sys_handle_close(TrapFrame& f) { return status_code(close_own_handle(f.x[kA0])); }

}  // namespace kernel
