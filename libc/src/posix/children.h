// The children this process started and has not reaped: pid, process group
// and the process handle procmgr gave for it. Each handle is bound to one
// port with its pid as the badge, so waiting for any child is one
// port_wait.
#pragma once

#include <sys/types.h>

#include "ipc/message.h"

namespace tessera::posix {

// Takes process over. group: the child's process group (0: one it leads;
// -1: ours). 0 or an errno.
int add_child(pid_t pid, ipc::Handle process, pid_t group);
// Child pid's process group (-1: no such child).
pid_t group_of_child(pid_t pid);
// Moves child pid to group (0: one it leads). 0 or an errno.
int set_child_group(pid_t pid, pid_t group);
// Calls visit with the pid and process handle of every child in group; their count.
size_t for_each_in_group(pid_t group, void (*visit)(pid_t pid, ipc::Handle process, void* context), void* context);
// Marks every child in group as ended by Ctrl-C, if a kill ends it.
void interrupt_group(pid_t group);

}  // namespace tessera::posix
