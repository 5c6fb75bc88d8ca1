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

void ServingThreads::idle() {
  // A port wait ends the service of the end whose message this thread took
  // last (docs/ipc.md, "One event of a source at a time"); a channel's does
  // not, and idling would hold that end's next events back: poll an empty
  // port first.
  (void)port_wait(no_events_, 0);
  // (Failing, it waits on the port all the same: served, if maybe out of order.)
  (void)channel_recv(idlers_);
}

Status ServingThreads::leave() {
  if (waiting_ == 0 && idle_ > 0) {
    constexpr uint64_t kWake[4] = {};
    if (channel_send(wake_, 0, kWake)) {
      --idle_;
      ++waiting_;
    }
  }
  if (waiting_ == 0) {
    if (!wake_) {  // the first thread after this one: others may idle from now on
      auto empty = port_create();
      if (!empty) return empty.error();
      auto pair = channel_create();
      if (!pair) {
        (void)close(*empty);
        return pair.error();
      }
      no_events_ = *empty;
      wake_ = pair->a;
      idlers_ = pair->b;
    }
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
