// vfs: the mount-space manager. Started with its session to init (handle 0)
// and the root file system (handle 1), it serves Vfs until the last session
// is gone. docs/architecture.md has the startup contract; server.h the rest.
#include <stdio.h>

#include "ipc/process.h"
#include "server.h"
#include "tessera/service.h"

namespace {
vfs::Server vfs_server;
}  // namespace

int main() {
  if (!tessera::started_as_service("vfs")) return 2;
  auto handles = ipc::startup_handles();
  if (handles.size() < 2) {
    printf("vfs: started with %zu handles; needs a Vfs session end and a root file system\n", handles.size());
    return 1;
  }
  Status started = vfs_server.start(handles[0], handles[1]);
  if (!started) {
    printf("vfs: cannot start: %s\n", abi::error_name(started.error()));
    return 1;
  }
  vfs_server.run();
}
