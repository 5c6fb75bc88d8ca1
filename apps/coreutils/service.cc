// service [NAME ACTION]: init's services (image/boot.conf), through init's
// ServiceManager (idl/services.capnp). Without operands, lists each service
// with its state and how many times init started it again:
//
//     NAME         STATE     RESTARTS
//     ramfs        running          0
//
// With them, ACTION is one of
//   kill     end it as a crash would: init restarts it if its policy says so
//   stop     end it and keep it ended
//   start    start it (stopped, ended or broken) and wait until it serves
//   restart  end it if it runs and start it again, whatever its policy
//
// Named `service` after the SysV/Debian tool with the same `service NAME
// ACTION` form. Only the console's program and what it starts hold a channel
// to init's supervisor (docs/posix.md, "Services"); elsewhere it says so and
// fails. Tessera-only: the host has no such supervisor.
#include <stdio.h>
#include <string.h>

#include "ipc/transport.h"
#include "lib/report.h"
#include "services.idl.h"
#include "tessera/posix.h"

using namespace coreutils;
using namespace idl::services;

namespace {

constexpr const char* kSynopsis = "[name kill|stop|start|restart]";

const char* state_name(ServiceState state) {
  switch (state) {
    case ServiceState::Running: return "running";
    case ServiceState::Stopped: return "stopped";
    case ServiceState::Ended: return "ended";
    case ServiceState::Broken: return "broken";
    case ServiceState::Absent: return "absent";
  }
  return "?";
}

int list(ServiceManagerClient<ipc::ChannelTransport>& manager) {
  printf("%-12s %-9s %8s\n", "NAME", "STATE", "RESTARTS");
  for (uint32_t index = 0;; ++index) {
    ServiceInfo info;
    bool end = false;
    Status listed = manager.list(index, info, end);
    if (!listed) return complain("list: %s", abi::error_name(listed.error()));
    if (end) break;
    printf("%-12.*s %-9s %8u\n", int(info.name.size), info.name.data, state_name(info.state), info.restarts);
  }
  return fflush(stdout) == 0 ? kExitOk : report_errno("stdout");
}

// What BadState means for each action.
const char* bad_state(const char* action) {
  return strcmp(action, "start") == 0 ? "already running" : "not running";
}

int act(ServiceManagerClient<ipc::ChannelTransport>& manager, const char* name, const char* action) {
  idl::Text text{name, uint32_t(strlen(name))};
  Status done = Error::InvalidArgument;
  if (strcmp(action, "kill") == 0) done = manager.kill(text);
  else if (strcmp(action, "stop") == 0) done = manager.stop(text);
  else if (strcmp(action, "start") == 0) done = manager.start(text);
  else if (strcmp(action, "restart") == 0) done = manager.restart(text);
  else {
    complain("%s: unknown action", action);
    return usage(kSynopsis);
  }
  if (done) return kExitOk;
  switch (done.error()) {
    case Error::NotFound: return complain("%s: no such service", name);
    case Error::BadState: return complain("%s: %s", name, bad_state(action));
    case Error::AccessDenied: return complain("%s: essential: the system cannot go on without it", name);
    case Error::TooLarge:
    case Error::InvalidArgument: return complain("%s: not a service name", name);
    default: return complain("%s: %s: %s", name, action, abi::error_name(done.error()));
  }
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("service");
  if (argc != 1 && argc != 3) return usage(kSynopsis);
  ipc::Handle session = tessera::services_session();
  if (!session) return complain("no channel to init's supervisor (only the console and what it starts have one)");
  ipc::ChannelTransport transport(session);
  ServiceManagerClient<ipc::ChannelTransport> manager(transport);
  return argc == 1 ? list(manager) : act(manager, argv[1], argv[2]);
}
