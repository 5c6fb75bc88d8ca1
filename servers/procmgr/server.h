// The ProcessManager service (idl/procmgr.capnp): every process's session
// is a channel bound to procmgr's port with badge = its pid (init's is 1),
// and every process procmgr started is bound with badge = pid | kExitBit,
// so its ProcessExit event updates the table.
//
// Spawning calls vfs and the file system from the serving thread while it
// holds the parent's call (the kernel allows a server to make calls of its
// own); other clients wait meanwhile.
#pragma once

#include <cstdint>

#include "ipc/message.h"
#include "loader.h"
#include "procmgr.idl.h"
#include "process_table.h"

namespace procmgr {

inline constexpr uint64_t kExitBit = 1ull << 63;

class Server {
 public:
  // Serves on port, to which it binds init's session.
  Status start(ipc::Handle port, ipc::Handle init_session);
  // Serves requests and events forever.
  [[noreturn]] void run();

  // Handlers for idl::procmgr::dispatch_process_manager.
  Status spawn(const idl::procmgr::ProcessManagerSpawnParams& in, idl::procmgr::ProcessManagerSpawnResults& out);
  Status kill(const idl::procmgr::ProcessManagerKillParams& in, idl::procmgr::ProcessManagerKillResults& out);
  Status reap(const idl::procmgr::ProcessManagerReapParams& in, idl::procmgr::ProcessManagerReapResults& out);
  Status getpid(const idl::procmgr::ProcessManagerGetpidParams& in, idl::procmgr::ProcessManagerGetpidResults& out);
  Status list(const idl::procmgr::ProcessManagerListParams& in, idl::procmgr::ProcessManagerListResults& out);
  void drop_handles(const ipc::Handle* handles, uint32_t count);

 private:
  void process_ended(int64_t pid, int64_t status);
  void session_closed(int64_t pid);
  // If pid's process has ended without our hearing yet, records it.
  void poll_exit(ProcessRecord& record);

  ipc::Handle port_ = 0;
  int64_t caller_ = 0;           // the pid whose request is being served
  ProcessTable table_;
  // A spawn's variable arguments: copied out of the request, which the
  // loader's own calls overwrite (they use this thread's IPC buffer).
  char path_[1024];
  char argv_[1536];
  char envp_[1024];
};

}  // namespace procmgr
