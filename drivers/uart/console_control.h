// ConsoleControl: /dev/consctl, the console's foreground job (idl/console.capnp).
// Registered with devfs beside "console"; each open is a channel speaking
// ConsoleControl, served from the driver's one loop. What it sets is the
// Foreground the console kills on Ctrl-C.
#pragma once

#include <cstdint>

#include "foreground.h"
#include "ipc/ipc.h"
#include "result.h"
#include "server/server.h"

namespace uart {

class ConsoleControl {
 public:
  static constexpr uint32_t kMaxChannels = 64;  // one client cannot take the driver's sources

  ConsoleControl(server::Server& server, Foreground& foreground) : server_(server), foreground_(foreground) {}

  // Registers "consctl" through registry (a DeviceRegistry channel).
  Status register_as(const char* name, ipc::Handle registry);

 private:
  class DeviceEndpoint;
  class Channel;

  // A new channel: an owner's (job 0) or a member of job.
  Status open(ipc::Handle& channel, uint64_t job);

  server::Server& server_;
  Foreground& foreground_;
  uint32_t channels_ = 0;
};

}  // namespace uart
