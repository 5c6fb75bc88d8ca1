// The dispatch table, made from the syscall table (common/abi/syscalls.toml),
// and the dispatchers trap.S enters.
#include "abi/syscall.h"
#include "sched/kernel_exit.h"
#include "sync/spinlock.h"
#include "syscall/syscall.h"

namespace kernel {

namespace {

using abi::Syscall;

constexpr auto kCount = static_cast<size_t>(Syscall::Count);

// Indexed by number: the table's order is its numbers' (gen_syscalls.py
// checks that they run 0, 1, 2, ...).
constexpr SyscallHandler kTable[kCount] = {
#define TESSERA_HANDLER(Name, name) sys_##name,
    TESSERA_SYSCALLS(TESSERA_HANDLER)
#undef TESSERA_HANDLER
};

}  // namespace

int64_t sys_null(TrapFrame&) { return 0; }

TrapFrame* fastpath_call(TrapFrame& frame);
TrapFrame* fastpath_reply_wait(TrapFrame& frame);

// Every syscall but the IPC waits (trap.S sends those to ipc_dispatch).
// These always return to their own thread, so trap.S takes the result
// straight from a0.
extern "C" int64_t syscall_dispatch(TrapFrame* frame) {
  big_kernel_lock.lock();
  uint64_t number = frame->x[kA7];
  int64_t result = number < kCount ? kTable[number](*frame) : error_code(Error::NoSyscall);
  sched::on_kernel_exit();
  big_kernel_lock.unlock();
  return result;
}

// The IPC waits (call, reply_wait, port_wait, channel_recv): the fast path
// first. Returns the frame to resume: the caller's or, when IPC switched
// threads, the other thread's.
extern "C" TrapFrame* ipc_dispatch(TrapFrame* frame) {
  big_kernel_lock.lock();
  uint64_t number = frame->x[kA7];
  TrapFrame* next = nullptr;
  if (number == static_cast<uint64_t>(Syscall::ChannelCall)) next = fastpath_call(*frame);
  else if (number == static_cast<uint64_t>(Syscall::ReplyWait)) next = fastpath_reply_wait(*frame);
  if (next) {
    big_kernel_lock.unlock();
    return next;
  }
  frame->x[kA0] = kTable[number](*frame);
  sched::on_kernel_exit();
  big_kernel_lock.unlock();
  return frame;
}

}  // namespace kernel
