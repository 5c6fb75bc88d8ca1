// The supervisor: starts the services of the boot configuration with only
// the handles each is given, mounts what the configuration mounts, and
// restarts a service that dies if its policy says so. Every start and
// exit is logged with the instruction count since boot.
#pragma once

#include <cstddef>
#include <cstdint>

#include "config.h"
#include "ipc/message.h"
#include "result.h"

namespace init {

class Supervisor {
 public:
  explicit Supervisor(const Config& config) : config_(config) {}

  // Starts every service, then applies the mounts. A service that cannot
  // start is logged and skipped.
  void start_all();
  // Waits for services to end and restarts them (runs on its own thread).
  [[noreturn]] void watch();
  // init's client end of a channel the configuration names (0 if none).
  ipc::Handle client_end(const char* channel) const;
  // Kills a service by name (the console's "kill" command); false if none.
  bool kill(const char* name);

 private:
  struct Channel {
    char name[kMaxName];
    ipc::Handle client;
  };
  struct Service {
    const ServiceSpec* spec;
    ipc::Handle process;
    uint32_t restarts;
  };
  static constexpr uint32_t kMaxRestarts = 5;
  static constexpr size_t kMaxChannels = 32;

  Status start(Service& service);
  Result<ipc::Handle> new_server_end(const char* channel);
  Channel* find(const char* channel);
  const Channel* find(const char* channel) const;
  void mount_served_by(const Service& service);
  void mount(const MountSpec& m);

  const Config& config_;
  Service services_[kMaxServices] = {};
  Channel channels_[kMaxChannels] = {};
  size_t channel_count_ = 0;
  ipc::Handle port_ = 0;
};

}  // namespace init
