// Starting programs from the boot archive (ipc/boot_archive.h), in user
// space with the one loader (ipc/program_builder.h): how init starts its
// services and console programs, and how test programs started from the
// archive start theirs. Programs in the file system are procmgr's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "ipc/message.h"
#include "ipc/startup.h"
#include "result.h"

namespace ipc {

// The most handles one spawn moves to the child.
inline constexpr size_t kMaxSpawnHandles = 8;

// Starts bin/<argv[0]> from this process's boot archive with argv and
// moves `handles` to it (auxv kAuxHandles, in this order); the child counts
// time and memory as this process does (kAuxTimebase, kAuxMemoryFrames)
// and gets a read-only handle to the archive (kAuxBootArchive) and, if this
// process has one, a copy of the debug console (kAuxDebugConsole): the
// programs of the archive are the boot-time ones, which may print before
// /dev/console exists; procmgr's programs never get it.
// Returns the process handle (basic, read, manage).
// Errors: InvalidArgument (no argv, or a handle named twice), TooLarge (over
// kMaxSpawnHandles handles, or arguments over 1 KiB), BadHandle,
// AccessDenied (a handle without `transfer`, or no boot archive here),
// NotFound, Malformed (not a program), NoMemory. The handles stay the
// caller's on every error found before the first one moves; only the
// kernel running out of memory for the child's first thread comes later.
Result<Handle> spawn(std::span<const char* const> argv, std::span<const Handle> handles = {});

// The same for the archive's file `path`, with argv as consecutive
// NUL-terminated strings (argv[0] first), and optionally a channel end the
// program announces on that it serves (auxv kAuxReady, ipc::announce_ready;
// moved like the handles, and left to the caller on failure as they are).
Result<Handle> spawn_from_archive(std::string_view path, std::span<const char> argv,
                                  std::span<const Handle> handles, Handle ready = kInvalidHandle);

// Waits for a process to end: its exit status (abi::kExitFault | cause if a
// fault ended it), or an error.
int64_t wait(Handle process, uint64_t deadline = ~0ull);

}  // namespace ipc
