#include "ipc/serving_threads.h"

#include "ipc/ipc.h"

namespace ipc {

void ServingThreads::run() {
  lock();
  ++threads_;
  ++waiting_;
  unlock();
  loop_(server_);
}

void ServingThreads::lock() {
  while (__atomic_exchange_n(&locked_, 1u, __ATOMIC_ACQUIRE)) (void)sys::yield();
}

void ServingThreads::thread_entry(void* self) {
  auto* threads = static_cast<ServingThreads*>(self);
  threads->loop_(threads->server_);
}

Status ServingThreads::leave() {
  if (waiting_ == 0) {
    // Counted before it runs, so no other leave() starts a second one.
    ++waiting_;
    auto thread = start_thread(thread_entry, this);
    if (!thread) {
      --waiting_;
      return thread.error();
    }
    (void)close(*thread);
    ++threads_;
  }
  unlock();
  return {};
}

}  // namespace ipc
