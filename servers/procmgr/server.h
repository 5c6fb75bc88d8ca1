// The ProcessManager service (idl/procmgr.capnp), on libserver: every
// process's session is a channel served as a Session source that knows its
// pid (init's is 1), and every process procmgr started is an ExitWatch
// source, so its ProcessExit event updates the table. The records keep the
// server's keys of both, to forget them when the process ends.
//
// A spawn reads the program through the Vfs session its client passed,
// which may be anything, even a channel nobody answers. So the server
// serves with server::Threads::AsNeeded: the thread serving a spawn loads
// the program unlocked while another serves everyone else
// (docs/architecture.md).
//
// What one client can take is bounded: a process has at most
// kChildrenPerProcess children not yet reaped (init has no limit), and at
// most kSpawnsPerProcess spawns in progress. Past them spawn fails with
// NoMemory and ShouldWait; the table itself grows until memory runs out.
#pragma once

#include <cstdint>

#include "ipc/ipc.h"
#include "ipc/message.h"
#include "loader.h"
#include "process_table.h"
#include "procmgr.idl.h"
#include "server/server.h"

namespace procmgr {

// The caller the observer channel (procfs) speaks as: no process and no
// parent (pids start at 1, init's parent is 0), so it may not spawn, kill or
// reap; it alone may ask for mountView.
inline constexpr int64_t kObserver = -1;

class Server {
 public:
  static constexpr size_t kChildrenPerProcess = 256;
  static constexpr uint32_t kSpawnsPerProcess = 4;

  // Serves init's session, and the observer channel if there is one
  // (kInvalidHandle: none).
  Status start(ipc::Handle init_session, ipc::Handle observer);
  // Serves requests and events until no session is left.
  [[noreturn]] void run();

 private:
  class Requests;
  class Session;
  class ExitWatch;
  class Signaller;

  // A session for caller (a pid, or kObserver) on a new channel: its
  // client end; key is the server's for it.
  Result<ipc::Handle> add_session(int64_t caller, uint64_t& key);
  // pid's ExitWatch saw its end; the server closes the handle after.
  void process_exited(int64_t pid, int64_t status);
  void process_ended(int64_t pid, int64_t status);
  void session_closed(int64_t pid);
  // What kill does once the caller may: deliver, ignore, or end pid.
  Status signal(ProcessRecord& target, uint32_t signal, int64_t sender);
  // Sends again the held signals that came while target had no channel:
  // into the channel it now has, or, no longer held, to their action.
  void release_held(ProcessRecord& target);
  // If pid's process has ended without our hearing yet, records it.
  void poll_exit(ProcessRecord& record);

  server::Server server_;
  ProcessTable table_;
};

}  // namespace procmgr
