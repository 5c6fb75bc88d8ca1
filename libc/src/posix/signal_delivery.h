// Where libc runs signal handlers (docs/posix.md, "Signals"). procmgr sends
// a signal the process catches as a message to the process's signal
// channel; libc takes it at its delivery points and runs the handler there,
// on the stack of the thread that reached the point, so a handler may
// longjmp out. The points are these calls, and whatever waits in them.
#pragma once

#include <stdint.h>

namespace tessera::posix {

// Takes the signals that came and acts on each that is not blocked.
void deliver_pending();

// Sleeps until deadline (timebase ticks; ipc::kForever for none) or until
// a handler has run: true if one did.
bool wait_for_signal(uint64_t deadline);

// A signal libc raises in this process itself (SIGPIPE on a write to a
// closed pipe, SIGINT when the console breaks off a read): acts on it now.
// Returns whether the call it broke off should be made again: the signal
// is ignored or blocked, or its handler ran with SA_RESTART.
bool signal_from_here(int signal);

}  // namespace tessera::posix
