// procfs: /proc (servers/procfs/procfs.h; docs/posix.md, "procfs").
// Startup handles (boot.conf: serve:procfs connect:procinfo):
//   0: the FileSystem server end vfs mounts at /proc
//   1: procmgr's observer channel (ProcessManager: list, cmdline, mountView)
#include <stdio.h>

#include "abi/error.h"
#include "ipc/startup.h"
#include "ipc/time.h"
#include "procfs.h"
#include "server/server.h"
#include "server/tree_file_server.h"
#include "tessera/service.h"

namespace {

constexpr uint64_t kFrameBytes = 4096;

int fail(const char* what, Error error) {
  printf("procfs: %s: %s\n", what, abi::error_name(error));
  return 1;
}

}  // namespace

int main() {
  if (!tessera::started_as_service("procfs")) return 2;
  auto handles = ipc::startup_handles();
  uint64_t frames = ipc::aux_value(abi::kAuxMemoryFrames);
  if (handles.size() != 2 || frames == 0 || ipc::ticks_per_second() == 0) {
    printf("procfs: expected startup handles (file system, procmgr observer) and auxv (memory, timebase)\n");
    return 2;
  }
  static server::Server server;
  static procfs::ProcFs tree(handles[1], frames * kFrameBytes);
  static server::TreeFileServer fs(server, tree, "procfs", procfs::ProcFs::kLimits);
  if (Status s = server.init(); !s) return fail("init", s.error());
  if (Status s = fs.serve(handles[0]); !s) return fail("serve", s.error());
  return server.run();
}
