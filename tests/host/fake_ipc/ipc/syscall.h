// The host stand-in for libipc's syscall.h (see ipc.h here): what
// libserver's loop calls.
#pragma once

#include <cstdint>

#include "abi/error.h"

namespace sys {

using abi::Error;

inline bool failed(int64_t result) { return result < 0; }
inline Error error_of(int64_t result) { return static_cast<Error>(result); }
inline int64_t irq_bind(uint32_t, uint32_t, uint64_t) { return 0; }
// The process ends: thrown, so a host test sees it and carries on.
struct ProcessExited {
  int64_t status;
};
[[noreturn]] inline void process_exit(int64_t status) { throw ProcessExited{status}; }

}  // namespace sys
