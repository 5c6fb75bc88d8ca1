// Where libc runs signal handlers (docs/posix.md, "Signals"). procmgr sends
// a signal the process catches as a message to the process's signal
// channel and interrupts the thread that made it: the handler runs in the
// interrupt, wherever that thread was, or at the delivery points below,
// always on that thread's stack, so a handler may longjmp out.
#pragma once

#include <stdint.h>

namespace tessera::posix {

// Takes the signals that came and acts on each that is not blocked.
void deliver_pending();

// Sleeps until deadline (timebase ticks; ipc::kForever for none) or until
// a handler has run: true if one did.
bool wait_for_signal(uint64_t deadline);

// A call that an interrupt ended (Interrupted): whether to make it again.
// False once after a handler without SA_RESTART ran in that interrupt (the
// call fails with EINTR).
bool restart_after_interrupt();
// Whether the last call that failed with EINTR failed so (not because its
// server answered Interrupted, as the console does on Ctrl-C); asking forgets.
bool interrupt_failed_call();

// While one lives, a call an interrupt ends is not made again whole at the
// message level (libipc): it fails with Interrupted, and its maker asks
// what it did first (a write may have moved part of its bytes), then
// decides with restart_after_interrupt. For this thread's calls.
class HeldRestarts {
 public:
  HeldRestarts();
  ~HeldRestarts();
  HeldRestarts(const HeldRestarts&) = delete;
  HeldRestarts& operator=(const HeldRestarts&) = delete;
  // Whether an interrupt ended a call since the last asking; asking forgets.
  bool interrupted();

 private:
  bool outer_;
};

// A signal libc raises in this process itself (SIGPIPE on a write to a
// closed pipe, SIGINT when the console breaks off a read): acts on it now.
// Returns whether the call it broke off should be made again: the signal
// is ignored or blocked, or its handler ran with SA_RESTART.
bool signal_from_here(int signal);

}  // namespace tessera::posix
