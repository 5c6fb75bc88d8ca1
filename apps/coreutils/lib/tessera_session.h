// The servers a Tessera utility talks to directly (mountspace_tessera.cc,
// fs_usage_tessera.cc): procmgr hands every process its vfs session as
// startup handle 0 and its procmgr session as handle 1.
#pragma once

#include <errno.h>

#include "ipc/startup.h"
#include "result.h"
#include "tessera/errno_map.h"

namespace coreutils::tessera_session {

// The handle, or 0 when the process was started without it.
inline ipc::Handle vfs() {
  auto handles = ipc::startup_handles();
  return handles.size() > 0 ? handles[0] : 0;
}

inline ipc::Handle procmgr() {
  auto handles = ipc::startup_handles();
  return handles.size() > 1 ? handles[1] : 0;
}

// -1 with errno for a failed Status, 0 for a good one.
inline int posix_result(const Status& status) {
  if (status) return 0;
  errno = tessera::errno_from_error(status.error());
  return -1;
}

}  // namespace coreutils::tessera_session
