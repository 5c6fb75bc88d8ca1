// Starting programs and receiving the handles a parent passed: the thin
// layer over process_spawn that servers and tests use until procmgr exists.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "ipc/message.h"
#include "lib/result.h"

namespace ipc {

// Starts bin/<argv[0]> with argv and moves `handles` to it. Returns the
// process handle.
Result<Handle> spawn(std::span<const char* const> argv, std::span<const Handle> handles = {});

// The handles this process was started with, in the order they were passed.
std::span<const Handle> startup_handles();

// Waits for a process to end: its exit status (abi::kExitFault | cause if a
// fault ended it), or an error.
int64_t wait(Handle process, uint64_t deadline = ~0ull);

}  // namespace ipc
