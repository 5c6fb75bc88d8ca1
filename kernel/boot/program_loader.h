// Starts init from the boot archive: a new process with the ELF's
// segments, a lazily backed stack holding argc/argv/envp/auxv as the SysV
// ABI lays them out, and one thread at the entry point. The kernel loads
// nothing else: init and procmgr start every other program from user space
// with the one loader (libipc's ipc/program_builder.h).
//
// Starting is two steps so that the caller can put init's boot resources
// into its handle table before its stack (whose auxv names them) is built.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "abi/syscall.h"
#include "object/ref_ptr.h"
#include "result.h"

namespace kernel {

class Process;

// Makes the boot archive (physical range of the initrd) available to the loader.
void boot_archive_init(std::span<const uint8_t> archive);

// A process holding the program's image, with no thread yet.
struct LoadedProgram {
  RefPtr<Process> process;
  uint64_t entry;
};

// What the new program finds on its stack besides its arguments.
struct StartInfo {
  // argv as consecutive NUL-terminated strings; argv[0] is the path.
  std::span<const char> argv_block;
  // Its boot resources (auxv kAuxBootInfo).
  std::span<const abi::BootResource> boot_resources;
};

// max_priority: the new process's (Process::create).
Result<LoadedProgram> load_program(std::string_view path, unsigned max_priority);
// Builds the stack and starts the main thread at the process's start priority.
Status start_program(const LoadedProgram& program, const StartInfo& info);

}  // namespace kernel
