// The boot archive (the cpio newc image the boot loader gave the kernel),
// which programs are started from before procmgr can load them from files.
// init reaches it through its "bootfs" boot resource; every program the
// loader starts (ipc::spawn, procmgr) gets a read-only handle to it from its
// spawner (auxv kAuxBootArchive). Its contents are no secret: they are /bin.
#pragma once

#include <cstdint>
#include <span>

#include "ipc/message.h"

namespace ipc {

// The handle to the archive, or 0 if this process has none.
Handle boot_archive_handle();

// The archive mapped here: mapped on first use and kept for the life of
// the process (a device mapping: the kernel does not read it, see
// ImageMemory). Empty if there is none or it cannot be mapped.
std::span<const uint8_t> boot_archive();

}  // namespace ipc
