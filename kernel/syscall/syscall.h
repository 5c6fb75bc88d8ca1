// Syscall handlers: each takes the caller's TrapFrame and returns the value
// for a0 (a non-negative result or a negative abi::Error).
#pragma once

#include <cstdint>

#include "abi/syscall_numbers.h"
#include "arch/trap_frame.h"
#include "result.h"

namespace kernel {

using SyscallHandler = int64_t (*)(TrapFrame& frame);

inline int64_t error_code(Error e) { return static_cast<int64_t>(e); }
inline int64_t status_code(Status s) { return static_cast<int64_t>(s.error()); }

// Returns the error code from a syscall handler if expr (a Status) failed.
#define TRY_CODE(expr)                                                \
  do {                                                                \
    Status try_status_ = (expr);                                      \
    if (!try_status_.ok()) return ::kernel::status_code(try_status_); \
  } while (0)

// One handler per call of the syscall table (common/abi/syscalls.toml).
#define TESSERA_DECLARE_HANDLER(Name, name) int64_t sys_##name(TrapFrame&);
TESSERA_SYSCALLS(TESSERA_DECLARE_HANDLER)
#undef TESSERA_DECLARE_HANDLER

}  // namespace kernel
