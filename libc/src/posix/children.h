// The children this process started and has not reaped: pid and the
// process handle procmgr gave for it. Each handle is bound to one port with
// its pid as the badge, so waiting for any child is one port_wait.
#pragma once

#include <sys/types.h>

#include "ipc/message.h"

namespace tessera::posix {

// Takes process over. 0 or an errno.
int add_child(pid_t pid, ipc::Handle process);

}  // namespace tessera::posix
