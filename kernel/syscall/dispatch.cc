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

}  // namespace

int64_t sys_null(TrapFrame&) { return 0; }

// Every syscall but the IPC waits (trap.S sends those to ipc_dispatch).
// These always return to their own thread, so trap.S takes the result
// straight from a0. Returns with the big lock held: trap.S gives it up,
// which saves this function a register for the lock across the call.
extern "C" int64_t syscall_dispatch(TrapFrame* frame) {
  smp::lock_kernel();
  uint64_t number = frame->x[kA7];
  int64_t result = number < kCount ? kTable[number](*frame) : error_code(Error::NoSyscall);
  sched::on_kernel_exit();
  return result;
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
