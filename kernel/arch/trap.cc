// The C++ side of trap entry: interrupts and exceptions from user mode, and
// traps taken in the kernel (always a kernel bug: the kernel runs with
// interrupts masked and reaches user memory only through page-table walks).
#include "abi/syscall.h"
#include "arch/cpu.h"
#include "arch/smp.h"
#include "arch/csr.h"
#include "arch/interrupts.h"
#include "arch/trap_frame.h"
#include "debug/console.h"
#include "object/process.h"
#include "object/thread.h"
#include "object/thread_interrupt.h"
#include "sched/kernel_exit.h"
#include "sync/spinlock.h"

namespace kernel {

namespace {

const char* cause_name(uint64_t cause) {
  switch (cause) {
    case csr::InstructionMisaligned: return "misaligned instruction fetch";
    case csr::InstructionAccessFault: return "instruction access fault";
    case csr::IllegalInstruction: return "illegal instruction";
    case csr::Breakpoint: return "breakpoint";
    case csr::LoadMisaligned: return "misaligned load";
    case csr::LoadAccessFault: return "load access fault";
    case csr::StoreMisaligned: return "misaligned store";
    case csr::StoreAccessFault: return "store access fault";
    case csr::InstructionPageFault: return "instruction page fault";
    case csr::LoadPageFault: return "load page fault";
    case csr::StorePageFault: return "store page fault";
    default: return "unknown exception";
  }
}

bool resolve_page_fault(Thread* t, uint64_t cause, uint64_t address) {
  Access access = cause == csr::StorePageFault ? Access::Write
                  : cause == csr::LoadPageFault ? Access::Read
                                                : Access::Execute;
  return t->process->space().handle_fault(address, access);
}

// A fault the program cannot recover from ends the whole process.
[[noreturn]] void kill_faulting_process(Thread* t, uint64_t cause, uint64_t address) {
  Process* p = t->process.get();
  kprintf("[kernel] process '%s' (pid %lu) killed: %s at address %#lx (pc %#lx)\n", p->name(), p->pid(),
          cause_name(cause), address, t->frame->sepc);
  p->kill(abi::kExitFault | static_cast<int64_t>(cause));
  sched::exit_current();
}

}  // namespace

extern "C" TrapFrame* user_trap(TrapFrame* frame) {
  smp::lock_kernel();
  uint64_t scause = csr::read_scause();
  Thread* t = current_thread();
  if (scause & csr::kScauseInterrupt) {
    handle_interrupt(scause & ~csr::kScauseInterrupt);
  } else {
    uint64_t stval = csr::read_stval();
    bool page_fault = scause == csr::InstructionPageFault || scause == csr::LoadPageFault ||
                      scause == csr::StorePageFault;
    bool resolved = page_fault ? resolve_page_fault(t, scause, stval)
                               : scause == csr::IllegalInstruction && sched::claim_fpu(t);
    if (!resolved) kill_faulting_process(t, scause, stval);
  }
  // Every register is in the frame here: the one place an interrupt enters.
  if (t->interrupt_pending && !t->killed && !enter_interrupt_entry(*t)) {
    kill_faulting_process(t, csr::StorePageFault, t->frame->x[kSp]);
  }
  sched::on_kernel_exit();
  big_kernel_lock.unlock();
  return frame;
}

extern "C" void kernel_trap_handler(TrapFrame* frame) {
  uint64_t scause = csr::read_scause();
  if (scause & csr::kScauseInterrupt) panic_trap(*frame, "interrupt with interrupts masked");
  panic_trap(*frame, cause_name(scause));
}

}  // namespace kernel
