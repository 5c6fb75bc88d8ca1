#include "sched/wait_queue.h"

#include "object/thread.h"
#include "sched/scheduler.h"

namespace kernel {

bool WaitQueue::wake_one(Error result) {
  ListNode* n = waiters_.front();
  if (!n) return false;
  sched::wake(container_of<Thread, &Thread::queue_node>(n), result);
  return true;
}

void WaitQueue::wake_all(Error result) {
  while (wake_one(result)) {
  }
}

}  // namespace kernel
