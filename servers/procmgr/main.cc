// procmgr: the process manager (servers/procmgr/server.h). Started by init
// with startup handle 0 = the server end of init's ProcessManager session,
// and optionally 1 = the server end of the observer channel (procfs's).
#include <stdio.h>

#include "ipc/ipc.h"
#include "ipc/process.h"
#include "server.h"
#include "tessera/service.h"

namespace {
procmgr::Server procmgr_server;  // shared by its serving threads
}

int main() {
  if (!tessera::started_as_service("procmgr")) return 2;
  auto handles = ipc::startup_handles();
  if (handles.empty()) {
    printf("procmgr: no session handle\n");
    return 1;
  }
  ipc::Handle observer = handles.size() > 1 ? handles[1] : ipc::kInvalidHandle;
  if (Status started = procmgr_server.start(handles[0], observer); !started) {
    printf("procmgr: %s\n", abi::error_name(started.error()));
    return 1;
  }
  procmgr_server.run();
}
