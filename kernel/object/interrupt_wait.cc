// The wait half of thread interrupts (object/thread_interrupt.h): which
// waits an interrupt may end, and ending one. Apart from the rest so the
// host tests of ipc/ run it as the kernel does.
#include "object/thread.h"
#include "object/thread_interrupt.h"
#include "sched/scheduler.h"

namespace kernel {

bool wait_interruptible(const Thread& t) { return t.ipc_state != IpcState::AwaitingReply || t.parked_in; }

void end_wait_for_interrupt(Thread& t) {
  t.interrupt_ended_wait = true;
  sched::wake(&t, Error::Interrupted);
}

}  // namespace kernel
