// devfs: the /dev file system. Serves null and zero itself and every
// device a driver registers (devfs.h). Startup handles (docs/architecture.md):
//   0: FileSystem server end (vfs mounts its client end at /dev)
//   1: DeviceRegistry server end (init's; DeviceRegistry.connect makes more)
// One thread serves everything through one server::Server. devfs exits when
// its FileSystem client is gone: nobody can reach its files any more.
#include <stdio.h>

#include "devfs.h"
#include "ipc/ipc.h"
#include "ipc/process.h"
#include "server/server.h"
#include "tessera/service.h"

int main() {
  if (!tessera::started_as_service("devfs")) return 2;
  auto handles = ipc::startup_handles();
  if (handles.size() != 2) {
    printf("devfs: expected 2 startup handles (file system, registry), got %zu\n", handles.size());
    return 2;
  }
  server::Server server;
  if (!server.init()) return 1;
  devfs::DevFs fs(server);
  if (!fs.serve_file_system(handles[0]) || !fs.serve_registry(handles[1])) {
    printf("devfs: startup handles are not channels\n");
    return 1;
  }
  return server.run();
}
