// The ends of the programs init's console runs: each is reported on the
// console, and procmgr's record of it collected. A program run in the
// background ("PROGRAM ARGS... &") is handed to the jobs thread, a
// libserver server whose sources are the background processes, which
// reports each end as it comes while the console reads on. The console
// hands a process over in a message on the jobs thread's channel, so the
// server's tables are touched by its own thread alone.
#pragma once

#include <cstdint>

#include "ipc/message.h"

namespace init {

// Says how program ended (status: its exit status, or a negative error).
void report(const char* program, int64_t status);
// Collects procmgr's record of an ended child pid of init.
void reap(ipc::Handle procmgr, int64_t pid);

// Hands a started process (pid: procmgr's, or 0 when the kernel started it
// from the boot archive) to the jobs thread; false if it cannot take it (the
// caller then waits for it itself, and still holds the handle).
bool run_in_background(const char* name, ipc::Handle process, int64_t pid, ipc::Handle procmgr);

}  // namespace init
