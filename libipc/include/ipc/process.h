// Starting programs from the boot archive: the thin layer over
// process_spawn that init and the kernel tests use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "ipc/message.h"
#include "ipc/startup.h"
#include "result.h"

namespace ipc {

// Starts bin/<argv[0]> with argv and moves `handles` to it. Returns the
// process handle.
Result<Handle> spawn(std::span<const char* const> argv, std::span<const Handle> handles = {});

// Waits for a process to end: its exit status (abi::kExitFault | cause if a
// fault ended it), or an error.
int64_t wait(Handle process, uint64_t deadline = ~0ull);

}  // namespace ipc
