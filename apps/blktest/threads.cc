#include "blktest.h"
#include "ipc/syscall.h"
#include "ipc/time.h"

namespace blktest {

namespace {

struct Start {
  void (*body)(uint32_t, void*);
  void* context;
  uint32_t index;
  ipc::Handle done;
};

constexpr uint32_t kMostThreads = 64;  // a channel queues 64 messages: every thread's "done" fits
Start starts[kMostThreads];

void thread_main(void* argument) {
  auto* s = static_cast<Start*>(argument);
  s->body(s->index, s->context);
  const uint64_t words[4] = {s->index, 0, 0, 0};
  (void)ipc::channel_send(s->done, 0, words);
}

}  // namespace

bool run_in_threads(uint32_t count, void (*body)(uint32_t index, void* context), void* context, uint64_t timeout_ms) {
  if (count > kMostThreads) return false;
  auto done = ipc::channel_create();
  if (!done) return false;
  uint32_t started = 0;
  for (; started < count; ++started) {
    starts[started] = {body, context, started, done->a};
    auto thread = ipc::start_thread(thread_main, &starts[started]);
    if (!thread) break;
    (void)ipc::close(*thread);  // the thread runs on without its handle
  }
  bool ok = started == count;
  uint64_t deadline = sys::read_time() + ipc::ticks_from_ms(timeout_ms);
  for (uint32_t i = 0; i < started; ++i) {
    // A thread still running keeps its Start and the channel: leave them.
    if (!ipc::channel_recv(done->b, deadline).ok()) return false;
  }
  (void)ipc::close(done->a);
  (void)ipc::close(done->b);
  return ok;
}

}  // namespace blktest
