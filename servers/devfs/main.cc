// devfs: the /dev file system. Serves null and zero itself and every
// device a driver registers (devfs.h). Startup handles (docs/architecture.md):
//   0: FileSystem server end (vfs mounts its client end at /dev)
//   1: DeviceRegistry server end (init's; DeviceRegistry.connect makes more)
// One thread serves everything through one port. devfs exits when its
// FileSystem client is gone: nobody can reach its files any more.
#include <stdio.h>

#include "devfs.h"
#include "ipc/ipc.h"
#include "ipc/process.h"

namespace {

// Closes the handles an event we do not expect brought.
void drop_message(const ipc::Event& e) {
  ipc::Message& m = ipc::take(e);
  for (uint32_t i = 0; i < m.handle_count && i < ipc::kMaxMessageHandles; ++i) (void)ipc::close(m.handles[i]);
}

}  // namespace

int main() {
  auto handles = ipc::startup_handles();
  if (handles.size() != 2) {
    printf("devfs: expected 2 startup handles (file system, registry), got %zu\n", handles.size());
    return 2;
  }
  auto port = ipc::port_create();
  if (!port) return 1;
  static devfs::DevFs fs(*port);
  if (!fs.serve_file_system(handles[0]) || !fs.serve_registry(handles[1])) {
    printf("devfs: startup handles are not channels\n");
    return 1;
  }
  ipc::Event e = ipc::port_wait(*port);
  for (;;) {
    if (!e.ok()) {
      // A reply that could not be delivered (the caller died): wait again.
      e = ipc::port_wait(*port);
      if (!e.ok()) return 1;
      continue;
    }
    switch (e.kind()) {
      case abi::EventKind::Call: {
        ipc::Message& m = ipc::take(e);
        fs.dispatch(e.badge, m);
        e = ipc::reply_wait(*port, m);
        continue;
      }
      case abi::EventKind::PeerClosed:
        if (!fs.peer_closed(e.badge)) return 0;
        break;
      default: drop_message(e); break;
    }
    e = ipc::port_wait(*port);
  }
}
