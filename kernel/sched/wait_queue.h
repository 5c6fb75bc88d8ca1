// Threads blocked until an event: they sit on the queue through their
// queue_node and are woken with a result (Ok, TimedOut, PeerClosed, ...).
#pragma once

#include "lib/list.h"
#include "result.h"

namespace kernel {

class Thread;

class WaitQueue {
 public:
  bool empty() const { return waiters_.empty(); }
  // Wakes the longest waiter; false if there was none.
  bool wake_one(Error result);
  void wake_all(Error result);
  List& list() { return waiters_; }
  // The hart whose IPC fast path may take a waiter off or put one on under
  // that hart's own lock; every other change is made under the big lock,
  // while no fast path runs, and only there does the owner change (the
  // fast path's try under the big lock makes its hart the owner). So the
  // queue is guarded by its owner's hart lock or the big lock, and fast
  // paths of two harts never change it at once (docs/kernel.md "Locking
  // order").
  struct Cpu* fast_path_owner = nullptr;

 private:
  List waiters_;
};

}  // namespace kernel
