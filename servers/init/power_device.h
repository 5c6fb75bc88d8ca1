// /dev/power, served by init, which alone holds the power capability:
// writing "off" to it writes back every file system (Vfs.sync) and turns
// the machine off, so `poweroff` at the shell's prompt (apps/poweroff) does
// what init's own console command does. Any program that can open /dev/power
// may do it, as any user at the console may.
#pragma once

#include "ipc/message.h"
#include "result.h"

namespace init {

// Writes back every file system through the Vfs session `vfs` (a failure is
// logged, not fatal) and turns the machine off; returns only if it could
// not be turned off.
Status sync_and_power_off(ipc::Handle vfs);

// Registers /dev/power through a new registry channel from `registry` (a
// DeviceRegistry client end) and serves it on a thread of its own; `vfs` is
// a Vfs session of its own for the sync. Logs and gives up on failure.
void start_power_device(ipc::Handle registry, ipc::Handle vfs);

}  // namespace init
