// The ProcessManager service (idl/procmgr.capnp): every process's session
// is a channel bound to procmgr's port with badge = its pid (init's is 1),
// and every process procmgr started is bound with badge = pid | kExitBit,
// so its ProcessExit event updates the table.
//
// A spawn reads the program through the Vfs session its client passed,
// which may be anything, even a channel nobody answers. So several threads
// serve the port (ipc::ServingThreads): the thread serving a spawn loads
// the program with the lock released while another serves everyone else
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
#include "ipc/serving_threads.h"
#include "loader.h"
#include "process_table.h"
#include "procmgr.idl.h"

namespace procmgr {

inline constexpr uint64_t kExitBit = 1ull << 63;
// The badge of the observer channel (procfs): no process, so it may not
// spawn, kill or reap; it alone may ask for mountView.
inline constexpr uint64_t kObserverBadge = 1ull << 62;
// The badge of a signaller (ProcessManager.signaller): the bit, the slot in
// the target's record at kSignallerSlotShift, and the target's pid below.
// A call on one is served as from no process, as the observer's.
inline constexpr uint64_t kSignallerBit = 1ull << 61;
inline constexpr unsigned kSignallerSlotShift = 48;
inline constexpr uint64_t kSignallerPidMask = (1ull << kSignallerSlotShift) - 1;

class Server {
 public:
  static constexpr size_t kChildrenPerProcess = 256;
  static constexpr uint32_t kSpawnsPerProcess = 4;

  Server() : threads_(serve, this) {}

  // Serves on port, to which it binds init's session, and the observer
  // channel if there is one (kInvalidHandle: none).
  Status start(ipc::Handle port, ipc::Handle init_session, ipc::Handle observer);
  // Serves requests and events forever.
  [[noreturn]] void run();

 private:
  class Requests;

  static void serve(void* server);
  [[noreturn]] void serve_loop();

  void process_ended(int64_t pid, int64_t status);
  void session_closed(int64_t pid);
  // A signaller's message (signal it) or its holder's end closing (forget it).
  void signaller_event(const ipc::Event& event);
  // What kill does once the caller may: deliver, ignore, or end pid.
  Status signal(ProcessRecord& target, uint32_t signal, int64_t sender);
  // If pid's process has ended without our hearing yet, records it.
  void poll_exit(ProcessRecord& record);

  ipc::ServingThreads threads_;
  ipc::Handle port_ = 0;
  ProcessTable table_;
};

}  // namespace procmgr
