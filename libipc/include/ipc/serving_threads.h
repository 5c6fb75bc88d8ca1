// ServingThreads: the threads of a server that serve one port, so that a
// request waiting on something untrusted (a handle a client supplied: a
// file system anyone mounted, the Vfs session given to spawn) holds up only
// the thread serving it, never the server's other clients.
//
// A call blocks the thread that makes it, so the thread that took a request
// makes the untrusted call itself. Before it does, leave() makes sure
// another thread waits on the port, starting one if none is idle.
// (server::Server with Threads::AsNeeded is built on this.) Threads are never ended (libipc
// cannot free a thread's own stack): the set grows to the most untrusted
// calls ever outstanding at once, plus one.
//
// The server's state is guarded by one lock, held while a thread works and
// released while it waits (on the port, idle, or in leave()..enter()). It
// spins with yield: it is held only for short work that never blocks, by
// threads of one priority.
//
// One thread at a time waits on the port: the events of a source must be
// served in the order they came (a message its peer sent, then its
// PeerClosed), and two threads that each took one would race for the lock
// and could serve the second first, finding the source gone for the
// first. The others idle until leave() needs one.
//
// A serving thread's loop, entered unlocked:
//   Event e = port_wait(port);
//   for (;;) {
//     threads.woke();             // locked from here
//     ... serve e; around an untrusted call: leave() ... enter() ...
//     if (threads.about_to_wait()) {   // unlocked from here
//       e = reply_wait(port, message);
//     } else {                    // another thread waits on the port
//       reply(message); threads.idle(); e = port_wait(port);
//     }
//   }
#pragma once

#include <cstdint>

#include "ipc/ipc.h"
#include "result.h"

namespace ipc {

class ServingThreads {
 public:
  using Loop = void (*)(void* server);

  // loop(server) is what every serving thread runs (the calling thread's
  // through run()).
  ServingThreads(Loop loop, void* server) : loop_(loop), server_(server) {}
  ServingThreads(const ServingThreads&) = delete;
  ServingThreads& operator=(const ServingThreads&) = delete;

  // The calling thread becomes the first serving thread (unlocked).
  void run();

  void lock();
  void unlock() { __atomic_store_n(&locked_, 0u, __ATOMIC_RELEASE); }

  // A wait on the port returned: takes the lock.
  void woke() {
    lock();
    --waiting_;
  }
  // About to wait on the port again: releases the lock. False if another
  // thread waits on it already: this one must idle() first.
  bool about_to_wait() {
    bool waits = waiting_ == 0;
    if (waits) ++waiting_;
    else ++idle_;
    unlock();
    return waits;
  }
  // Unlocked: blocks until leave() gives this thread the port to wait on.
  void idle();

  // Before a call that may never be answered (locked): makes sure another
  // thread serves the port, then unlocks. NoMemory, still locked, if no
  // thread can be started: refuse the request rather than stall the port.
  Status leave();
  // After that call: locks again. Anything read before leave() may have
  // changed meanwhile.
  void enter() { lock(); }

  // Threads serving the port, and how many of them wait on it now.
  uint32_t threads() const { return threads_; }
  uint32_t waiting() const { return waiting_; }

 private:
  static void thread_entry(void* self);

  Loop loop_;
  void* server_;
  uint32_t locked_ = 0;  // a word: RISC-V swaps words, not bytes
  uint32_t threads_ = 0;
  uint32_t waiting_ = 0;  // in, or on the way to, a wait on the port
  uint32_t idle_ = 0;     // in, or on the way to, idle()
  Handle wake_ = kInvalidHandle;   // a message here ends one idle()
  Handle idlers_ = kInvalidHandle;  // where idle() waits for it
  Handle no_events_ = kInvalidHandle;  // an empty port idle() polls first
};

}  // namespace ipc
