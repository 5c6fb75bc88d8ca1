// Syscall handlers: each takes the caller's TrapFrame and returns the value
// for a0 (a non-negative result or a negative abi::Error).
#pragma once

#include <cstdint>

#include "arch/trap_frame.h"
#include "lib/result.h"

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

int64_t sys_null(TrapFrame&);
int64_t sys_debug_write(TrapFrame&);
int64_t sys_debug_read(TrapFrame&);
int64_t sys_poweroff(TrapFrame&);
int64_t sys_frames_free(TrapFrame&);
int64_t sys_thread_create(TrapFrame&);
int64_t sys_thread_exit(TrapFrame&);
int64_t sys_yield(TrapFrame&);
int64_t sys_sleep_until(TrapFrame&);
int64_t sys_process_exit(TrapFrame&);
int64_t sys_process_spawn(TrapFrame&);
int64_t sys_process_wait(TrapFrame&);
int64_t sys_handle_close(TrapFrame&);
int64_t sys_mem_map(TrapFrame&);
int64_t sys_mem_unmap(TrapFrame&);
int64_t sys_handle_dup(TrapFrame&);
int64_t sys_handle_info(TrapFrame&);
int64_t sys_channel_create(TrapFrame&);
int64_t sys_channel_call(TrapFrame&);
int64_t sys_channel_send(TrapFrame&);
int64_t sys_channel_recv(TrapFrame&);
int64_t sys_port_create(TrapFrame&);
int64_t sys_port_bind(TrapFrame&);
int64_t sys_port_wait(TrapFrame&);
int64_t sys_reply_wait(TrapFrame&);
int64_t sys_reply(TrapFrame&);
int64_t sys_set_ipc_buffer(TrapFrame&);
int64_t sys_membuf_create(TrapFrame&);
int64_t sys_membuf_map(TrapFrame&);
int64_t sys_membuf_physical(TrapFrame&);
int64_t sys_mmio_map(TrapFrame&);
int64_t sys_irq_bind(TrapFrame&);
int64_t sys_irq_ack(TrapFrame&);
int64_t sys_process_kill(TrapFrame&);
int64_t sys_process_create(TrapFrame&);
int64_t sys_mem_map_at(TrapFrame&);
int64_t sys_process_write(TrapFrame&);
int64_t sys_handle_give(TrapFrame&);
int64_t sys_thread_start(TrapFrame&);
int64_t sys_process_info(TrapFrame&);

}  // namespace kernel
