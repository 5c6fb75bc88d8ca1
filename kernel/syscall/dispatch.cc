// The dispatch table, made from the syscall table (common/abi/syscalls.toml):
// syscall_dispatch, which trap.S enters, and the general path of the IPC
// waits (their dispatcher, with the fast path, is in ipc/fastpath.cc).
#include "abi/syscall.h"
#include "arch/smp.h"
#include "sched/kernel_exit.h"
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

// The calls that read and change nothing but the calling thread's own
// frame, which no other hart touches while the thread runs: they need no
// lock (docs/kernel.md "Locking order", "Calls without a lock"). Nor do
// they check the kill and interrupt flags on the way out: whoever sets
// one on another hart kicks it (an IPI), which traps as soon as the
// thread is back in user mode.
constexpr bool runs_unlocked(Syscall call) { return call == Syscall::Null; }

// Every other call, under the big lock, with the checks of every way back
// to user mode (sched/kernel_exit.h).
template <SyscallHandler handler>
int64_t under_big_lock(TrapFrame& frame) {
  smp::lock_kernel();
  int64_t result = handler(frame);
  sched::on_kernel_exit();
  smp::unlock_kernel();
  return result;
}

template <Syscall call, SyscallHandler handler>
constexpr SyscallHandler entry() {
  if constexpr (runs_unlocked(call)) return handler;
  else return under_big_lock<handler>;
}

int64_t no_syscall(TrapFrame&) { return error_code(Error::NoSyscall); }

// What syscall_dispatch runs for each number.
constexpr SyscallHandler kEntries[kCount] = {
#define TESSERA_ENTRY(Name, name) entry<Syscall::Name, sys_##name>(),
    TESSERA_SYSCALLS(TESSERA_ENTRY)
#undef TESSERA_ENTRY
};

}  // namespace

// (No frame: it only jumps on, and the null syscall would pay for it.)
[[gnu::optimize("omit-frame-pointer")]] int64_t sys_null(TrapFrame&) { return 0; }

// Every syscall but the IPC waits (trap.S sends those to ipc_dispatch).
// These always return to their own thread, so trap.S takes the result
// straight from a0. (No frame: each entry takes the lock it needs, so this
// only jumps on.)
extern "C" [[gnu::optimize("omit-frame-pointer")]] int64_t syscall_dispatch(TrapFrame* frame) {
  uint64_t number = frame->x[kA7];
  return (number < kCount ? kEntries[number] : no_syscall)(*frame);
}

// An IPC wait that the fast path (ipc/fastpath.cc, ipc_dispatch) did not
// take, entered with the big lock held: the general path, which resumes
// the caller's frame (a thread that blocks resumes in user mode from it).
// Returns with the big lock held (ipc_dispatch trades it for the hart's).
TrapFrame* ipc_general_path(TrapFrame* frame) {
  frame->x[kA0] = kTable[frame->x[kA7]](*frame);
  sched::on_kernel_exit();
  return frame;
}

}  // namespace kernel
