// Syscall numbers of the Tessera ABI (docs/abi.md). Number in a7, arguments
// in a0-a5, status (or a non-negative result) in a0.
#pragma once

#include <cstdint>

namespace abi {

enum class Syscall : uint64_t {
  Null = 0,           // () -> 0: the cheapest syscall, for measurement
  DebugWrite = 1,     // (const char* text, size_t length) -> length
  DebugRead = 2,      // (char* buffer, size_t capacity) -> bytes read (blocks for >= 1)
  ThreadCreate = 3,   // (entry, stack_top, argument, priority) -> thread handle
  ThreadExit = 4,     // (code) -> does not return
  Yield = 5,          // () -> 0
  SleepUntil = 6,     // (deadline in timebase ticks) -> 0
  ProcessExit = 7,    // (code) -> does not return
  Poweroff = 8,       // () -> does not return
  FramesFree = 9,     // () -> number of free physical frames
  MemMap = 10,        // (size, prot) -> address of new lazily backed region
  MemUnmap = 11,      // (address, size) -> 0
  ProcessSpawn = 12,  // (path, path_length, args, args_length) -> process handle
  ProcessWait = 13,   // (process handle, deadline) -> exit status (see docs/abi.md)
  HandleClose = 14,   // (handle) -> 0
  Count,
};

// Memory protection flags for MemMap.
constexpr uint64_t kProtRead = 1;
constexpr uint64_t kProtWrite = 2;

// A deadline meaning "never".
constexpr uint64_t kForever = ~0ull;

// How a process ended, as ProcessWait reports it: normal exits return the
// code (0..255 by convention, any 32-bit value allowed); a process killed by
// a fault returns kExitFault | cause (the RISC-V scause value).
constexpr int64_t kExitFault = 0x100000000;

}  // namespace abi
