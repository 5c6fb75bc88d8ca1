// Starts a program from the boot archive: a new process with the ELF's
// segments, a lazily backed stack holding argc/argv/envp/auxv as the SysV
// ABI lays them out, and one thread at the entry point. procmgr will load
// programs in user space; the kernel keeps this for init and for the
// programs init starts before procmgr exists.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "lib/result.h"

namespace kernel {

class Process;

// Makes the boot archive (physical range of the initrd) available to the loader.
void boot_archive_init(std::span<const uint8_t> archive);

// argv_block: the arguments as consecutive NUL-terminated strings;
// argv[0] is the path. Returns the process with one reference for the caller.
Result<Process*> spawn_from_archive(std::string_view path, std::span<const char> argv_block);

}  // namespace kernel
