// The console's foreground as this process set it (tcsetpgrp over
// /dev/consctl, idl/console.capnp; docs/posix.md "The shell and the
// console"): which group of our children holds it, so a child that joins
// that group later joins the foreground too, and whether Ctrl-C ended it;
// and the job this process is in, which its children join.
#pragma once

#include <sys/types.h>

#include "ipc/message.h"

namespace tessera::posix {

// The group of our children in the console's foreground; 0: none.
pid_t foreground_group();
// A child (pid, process) joined group: the console gets it if group is in front.
void joined_group(pid_t group, pid_t pid, ipc::Handle process);
// tcsetpgrp's work: gives the console group (0 or an errno).
int give_foreground(pid_t group);
// Makes member (a ConsoleControl member channel, inherited) the console
// job this process is in: the children it keeps in its group join it.
void join_console_job(ipc::Handle member);
// For child pid's inheritance: a member channel of the console job it is
// in (which its own children then join); 0: none.
ipc::Handle console_job_for(pid_t pid);
// Whether Ctrl-C killed the foreground job we gave the console.
bool foreground_interrupted();

}  // namespace tessera::posix
