// The transport the generated IDL client stubs call through: a channel end,
// with messages built in this thread's IPC buffer, and a deadline for every
// call made through it (none by default).
#pragma once

#include "ipc/ipc.h"

namespace ipc {

class ChannelTransport {
 public:
  explicit ChannelTransport(Handle end, uint64_t deadline = kForever) : end_(end), deadline_(deadline) {}
  Status call(Message& message) { return ipc::call(end_, message, deadline_); }
  Message& message() { return buffer(); }
  // Handles of a reply the stub rejected.
  void drop_handles(const Handle* handles, uint32_t count) {
    for (uint32_t i = 0; i < count; ++i) (void)close(handles[i]);
  }
  Handle end() const { return end_; }

 private:
  Handle end_;
  uint64_t deadline_;
};

}  // namespace ipc
