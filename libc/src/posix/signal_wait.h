// How a thread waits for a handler to run: sleep, pause and sigsuspend
// (signal_delivery.h's wait_for_signal). A handler may run in the
// interrupt entry between any two instructions the kernel lets it, and one
// that ran after the wait's last look at the count of handlers, but before
// the thread blocked, took its signal's message from the channel and would
// leave the wait to its deadline. So from that look to the end of the wait
// the kernel passes the thread over (its copy of the mask holds every
// signal): the message ends the wait instead, and the handler runs here.
// An interrupt asked for before is taken as that call returns, before the
// look. Host-tested in libc_signal_wait, with an interrupt at every point
// the kernel could take one.
#pragma once

#include <stdint.h>

namespace tessera::posix {

// How a wait on the signal channel ended.
enum class Woken {
  Signal,       // a message came: the signal is pending
  Interrupted,  // an interrupt ended it (its entry ran what came)
  Ended,        // the deadline passed, or the channel failed
};

// Thread: handlers_run() counts the handlers this process ran;
// run_deliverable() takes what came and runs what the mask lets through;
// has_channel(); sleep_until(deadline) without one; pass_over() and
// take_interrupts() set the kernel's copy of the mask to every signal and
// back to the thread's; receive(deadline) waits on the channel. True if a
// handler ran before the deadline since the count was ran_before, which the
// caller reads first: sigsuspend before it changes the mask, since a
// handler its new mask lets through may run as soon as it has.
template <typename Thread>
bool wait_for_handler(Thread& thread, uint64_t deadline, uint64_t ran_before) {
  // A signal that came before we wait ends the wait at once.
  thread.run_deliverable();
  if (thread.handlers_run() != ran_before) return true;
  if (!thread.has_channel()) {
    thread.sleep_until(deadline);
    return false;
  }
  for (;;) {
    thread.pass_over();
    bool ran = thread.handlers_run() != ran_before;
    Woken woken = ran ? Woken::Signal : thread.receive(deadline);
    thread.take_interrupts();
    if (ran) return true;
    if (woken == Woken::Ended) return false;
    thread.run_deliverable();
    if (thread.handlers_run() != ran_before) return true;  // else it was blocked or ignored: wait on
  }
}

}  // namespace tessera::posix
