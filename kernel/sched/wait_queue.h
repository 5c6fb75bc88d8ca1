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

 private:
  List waiters_;
};

}  // namespace kernel
