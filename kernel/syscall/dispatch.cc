// The syscall table, one line per call, and the dispatcher trap.S enters.
#include "abi/syscall.h"
#include "sched/scheduler.h"
#include "sync/spinlock.h"
#include "syscall/syscall.h"

namespace kernel {

namespace {

using abi::Syscall;

constexpr auto kCount = static_cast<size_t>(Syscall::Count);

constexpr auto make_table() {
  struct Table {
    SyscallHandler entries[kCount] = {};
  } t;
  auto set = [&](Syscall s, SyscallHandler h) { t.entries[static_cast<size_t>(s)] = h; };
  set(Syscall::Null, sys_null);
  set(Syscall::DebugWrite, sys_debug_write);
  set(Syscall::DebugRead, sys_debug_read);
  set(Syscall::ThreadCreate, sys_thread_create);
  set(Syscall::ThreadExit, sys_thread_exit);
  set(Syscall::Yield, sys_yield);
  set(Syscall::SleepUntil, sys_sleep_until);
  set(Syscall::ProcessExit, sys_process_exit);
  set(Syscall::Poweroff, sys_poweroff);
  set(Syscall::FramesFree, sys_frames_free);
  set(Syscall::MemMap, sys_mem_map);
  set(Syscall::MemUnmap, sys_mem_unmap);
  set(Syscall::ProcessSpawn, sys_process_spawn);
  set(Syscall::ProcessWait, sys_process_wait);
  set(Syscall::HandleClose, sys_handle_close);
  return t;
}

constexpr auto kTable = make_table();

}  // namespace

int64_t sys_null(TrapFrame&) { return 0; }

extern "C" TrapFrame* syscall_dispatch(TrapFrame* frame) {
  big_kernel_lock.lock();
  uint64_t number = frame->x[kA7];
  SyscallHandler handler = number < kCount ? kTable.entries[number] : nullptr;
  frame->x[kA0] = handler ? handler(*frame) : error_code(Error::NoSyscall);
  sched::preempt_if_needed();
  big_kernel_lock.unlock();
  return frame;
}

}  // namespace kernel
