// Write-back on a timer: every kInterval a small thread sends an
// asynchronous message to the server's own port, and the server, between
// requests, syncs the volume. The volume is only ever touched by the
// serving thread: the timer thread only knocks.
#pragma once

#include <cstdint>

#include "result.h"
#include "server/server.h"
#include "volume.h"

namespace fatfs {

class WriteBackTimer final : public server::Source {
 public:
  static constexpr uint64_t kIntervalMs = 5000;

  explicit WriteBackTimer(Volume& volume) : volume_(volume) {}
  // Binds one end of a new channel to server and starts the thread that
  // knocks on the other.
  Status start(server::Server& server);
  void on_event(const ipc::Event& event) override;

 private:
  static void knock(void* end);
  Volume& volume_;
  ipc::Handle knocker_ = ipc::kInvalidHandle;
};

}  // namespace fatfs
