// The supervisor: starts the services of the boot configuration with only
// the handles each is given, mounts what the configuration mounts, and
// restarts a service that dies if its policy says so; if an essential one
// dies, it powers the machine off. A restarted service
// serves new channels, and init re-wires them: a channel a `mount` line
// names is put in place of the old one in vfs (Vfs.replace: every
// mountspace keeps its mounts), and a service that holds the old channel
// otherwise (`connect:`, `registry:`, `clone:`) is restarted in turn, so it starts
// with the new one. Every start and exit is logged with the instruction
// count since boot. The services' processes are sources of a
// server::Server (libserver) whose loop runs on the watch thread.
//
// Readiness: each service is started with a channel end (auxv kAuxReady)
// on which it says it serves (ipc::announce_ready; libserver's run() does).
// start_all() returns once every service said so, and a restart is logged
// only once the new process did: a client that acts on "restarted NAME"
// finds its devices registered. A service that never says so, within
// kReadyTimeoutMs, holds nothing up for longer (docs/architecture.md).
#pragma once

#include <cstddef>
#include <cstdint>

#include "config.h"
#include "ipc/message.h"
#include "result.h"
#include "server/server.h"
#include "services.idl.h"

namespace init {

class Supervisor {
 public:
  explicit Supervisor(const Config& config) : config_(config) {}

  // Starts every service, then applies the mounts. A service that cannot
  // start is logged and skipped.
  void start_all();
  // Waits for services to end and restarts them (runs on its own thread,
  // until no service is left to watch).
  void watch();
  // init's client end of a channel the configuration names (0 if none).
  ipc::Handle client_end(const char* channel) const;
  // The ServiceManager requests (idl/services.capnp), on the watch thread:
  // the service at index in the configuration's order (false past the
  // last), and kill, stop, start and restart by name (NotFound: no such
  // started service; BadState: it does (not) run; AccessDenied: kill,
  // stop or restart of an essential one).
  bool describe(size_t index, idl::services::ServiceInfo& info) const;
  Status kill_service(const char* name);
  Status stop_service(const char* name);
  Status start_service(const char* name);
  Status restart_service(const char* name);
  // A new channel to the ServiceManager, served on the watch thread; call
  // after start_all and before watch.
  Result<ipc::Handle> manager_end();

 private:
  struct Channel {
    char name[kMaxName];
    ipc::Handle client;
  };
  // A service's running process is a source of server_: its end comes to
  // on_exit, and the server closes the handle after.
  struct Service final : server::Source {
    void on_exit(int64_t status) override { supervisor->ended(*this, status); }

    Supervisor* supervisor = nullptr;
    const ServiceSpec* spec = nullptr;
    ipc::Handle process = 0;
    uint32_t restarts = 0;
    uint64_t started_at = 0;         // sys::read_time() of the last start
    uint32_t quick_failures = 0;     // ends in a row, each soon after its start
    bool stopped_by_init = false;    // rewire() ended it: its end is no failure
    bool held = false;               // stopped on request: not restarted until started
    bool broken = false;             // failed too often: not restarted by itself
    ipc::Handle ready = 0;           // init's end of the readiness channel, until it spoke
    server::Key key = 0;             // its process's key in server_
  };
  // A service that ends by itself this many times in a row, each time within
  // kQuickFailureMs of starting, is broken: it is not restarted again. Being
  // killed is not a failure of the service's own.
  static constexpr uint32_t kMaxQuickFailures = 5;
  static constexpr uint64_t kQuickFailureMs = 1000;
  static constexpr size_t kMaxChannels = 32;
  // How long init waits for a service it started to say it serves.
  static constexpr uint64_t kReadyTimeoutMs = 10'000;

  Status start(Service& service);
  // Starts an ended service again, waits until it serves and re-wires what
  // held its old channels; logs "restarted NAME" then.
  Status start_again(Service& service);
  // Kills a running service and waits for its end, which is handled here
  // (logged, not restarted) rather than by the watch loop.
  void end_now(Service& service);
  // start_again for a request: a stopped or broken service runs again.
  Status start_on_request(Service& service);
  // The configured and started service of this name; NotFound for no such
  // service, for one never started (absent device).
  Result<Service*> named(const char* name);
  // named(), for a request that would end it: AccessDenied if essential.
  Result<Service*> named_for_ending(const char* name);
  // Waits until the service says it serves (true) or the deadline passes
  // (logged; true: it is taken as serving, as before readiness existed),
  // and closes its readiness end. If it ends first, its end is handled here
  // (false), so its log lines and a restart come before what follows (the
  // console at boot), not whenever the watch loop gets to them.
  bool serving(Service& service, uint64_t deadline);
  // The service's process ended with status: restarts it if it should.
  void ended(Service& service, int64_t status);
  Result<ipc::Handle> new_server_end(const char* channel);
  Channel* find(const char* channel);
  const Channel* find(const char* channel) const;
  // After service restarted: re-wires what held its old channels.
  void rewire(const Service& service);
  // Whether the service's own end (not a kill) was a failure that makes it
  // broken; counts it.
  bool broken_after(Service& service, int64_t status);
  void mount(const MountSpec& m);
  // Whether the configuration has a service of this name.
  bool configured(const char* service) const;
  bool served_by_started(const char* channel) const;
  static bool holds(const ServiceSpec& spec, HandleKind kind, const char* channel);

  const Config& config_;
  Service services_[kMaxServices];
  Channel channels_[kMaxChannels] = {};
  size_t channel_count_ = 0;
  server::Server server_;
};

}  // namespace init
