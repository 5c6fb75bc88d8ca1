// WriteBackTimer: see write_back_timer.h.
#include "write_back_timer.h"

#include <stdio.h>

#include "ipc/ipc.h"
#include "ipc/syscall.h"
#include "ipc/time.h"

namespace fatfs {

Status WriteBackTimer::start(server::Server& server) {
  auto pair = ipc::channel_create();
  if (!pair) return pair.error();
  auto key = server.add(pair->a, this);
  if (!key) {
    (void)ipc::close(pair->b);
    return key.error();
  }
  knocker_ = pair->b;
  auto thread = ipc::start_thread(knock, &knocker_);
  if (!thread) return thread.error();
  (void)ipc::close(*thread);
  return {};
}

void WriteBackTimer::knock(void* end) {
  ipc::Handle channel = *static_cast<ipc::Handle*>(end);
  const uint64_t words[4] = {};
  for (;;) {
    (void)sys::sleep_until(ipc::deadline_in_ms(kIntervalMs));
    // A knock still queued (ShouldWait) is as good as a new one.
    (void)ipc::channel_send(channel, abi::make_info(0, 0), words);
  }
}

void WriteBackTimer::on_event(const ipc::Event&) {
  Status s = volume_.sync();
  if (!s) printf("fatfs: timed write-back: %s\n", abi::error_name(s.error()));
}

}  // namespace fatfs
