// Thread interrupts, the kernel half of asynchronous signals
// (object/thread_interrupt.h): a process's signaller interrupts it, and the
// interrupted thread registers its entry and resumes what it was doing.
#include "abi/interrupt.h"
#include "abi/syscall.h"
#include "mm/layout.h"
#include "object/thread_interrupt.h"
#include "sched/kernel_exit.h"
#include "sync/spinlock.h"
#include "syscall/handles.h"
#include "syscall/syscall.h"

extern "C" [[noreturn]] void return_to_user(kernel::TrapFrame* frame);

namespace kernel {

int64_t sys_process_interrupt(TrapFrame& f) {
  uint64_t signal = f.x[kA1];
  if (signal >= abi::kInterruptSignals) return error_code(Error::InvalidArgument);
  auto process = get_object<Process>(f.x[kA0], abi::rights::kManage);
  if (!process) return error_code(process.error());
  if ((*process)->exiting()) return error_code(Error::BadState);
  Thread* target = (*process)->interrupt_target(signal);
  if (!target) return error_code(Error::NotFound);
  request_interrupt(*target);
  return 0;
}

int64_t sys_interrupt_control(TrapFrame& f) {
  uint64_t address = f.x[kA1];
  Thread& self = *current_thread();
  switch (static_cast<abi::InterruptOp>(f.x[kA0])) {
    case abi::InterruptOp::SetEntry:
      if (!abi::user_pc(address, kUserTop)) return error_code(Error::InvalidArgument);
      self.interrupt_entry = address;
      return 0;
    case abi::InterruptOp::SetMask:
      self.interrupt_mask = address;
      return 0;
    case abi::InterruptOp::Return:
      TRY_CODE(load_interrupted_context(self, address));
      // Every register comes from the frame, so this call leaves by the
      // full exit, not by the syscall's (which restores only a few).
      sched::on_kernel_exit();
      big_kernel_lock.unlock();
      return_to_user(&f);
  }
  return error_code(Error::InvalidArgument);
}

}  // namespace kernel
