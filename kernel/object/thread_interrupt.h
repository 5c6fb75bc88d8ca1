// Interrupting a thread (docs/kernel.md, "Interrupting a thread"): the
// kernel half of asynchronous signals. A holder of a process handle asks
// for an interrupt of one of its threads; the thread ends the wait it is
// blocked in with Interrupted, and on its next way to user mode enters the
// entry it registered, with its interrupted registers pushed on its stack
// as an abi::InterruptFrame. interrupt_control(Return) resumes them.
// Never trusts the user: the frame is written and read through the
// process's page tables, and only registers and a user pc come back.
#pragma once

#include <cstdint>

#include "result.h"

namespace kernel {

class Thread;

// Asks t to enter its interrupt entry: a wait that may end does so with
// Interrupted; a thread running on another hart is kicked to trap.
void request_interrupt(Thread& t);

// Whether t's wait may end with Interrupted: any kernel wait, a receive,
// a call still queued or parked by its server (reply_defer), but not a
// call a server thread is working on (it may have acted on it already).
bool wait_interruptible(const Thread& t);

// Ends t's interruptible wait with Interrupted (t is blocked).
void end_wait_for_interrupt(Thread& t);

// On t's way to user mode from a trap that saved every register: pushes
// them on its stack and points it at its entry. False if its stack cannot
// take the frame (the process then ends as on a fault).
bool enter_interrupt_entry(Thread& t);

// Loads t's frame with the InterruptFrame at user address `saved`.
// BadAddress if it cannot be read, InvalidArgument if it is not a user
// context this kernel could have saved.
Status load_interrupted_context(Thread& t, uint64_t saved);

}  // namespace kernel
