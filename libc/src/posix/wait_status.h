// How procmgr's exit statuses read through <sys/wait.h>: exit codes in
// bits 8..15, the ending signal in bits 0..6, as on Linux. Host-testable.
#pragma once

#include <signal.h>
#include <stdint.h>

#include "abi/syscall.h"

namespace tessera::posix {

// The RISC-V scause of an illegal instruction and of a breakpoint.
inline constexpr int64_t kCauseIllegalInstruction = 2;
inline constexpr int64_t kCauseBreakpoint = 3;

constexpr int wait_status_of(int64_t status) {
  if (status & abi::kExitFault) {
    int64_t cause = status & 0xff;
    if (cause == kCauseIllegalInstruction) return SIGILL;
    if (cause == kCauseBreakpoint) return SIGTRAP;
    return SIGSEGV;
  }
  // procmgr's kill (the kernel's process_kill) whatever the signal asked.
  if (status == abi::kExitKilled) return SIGKILL;
  if ((status & abi::kExitSignal) && (status & 0x7f) != 0) return static_cast<int>(status & 0x7f);
  return static_cast<int>((status & 0xff) << 8);
}

}  // namespace tessera::posix
