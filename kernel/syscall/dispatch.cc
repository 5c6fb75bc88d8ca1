// The syscall table, one line per call, and the dispatcher trap.S enters.
#include "abi/syscall.h"
#include "sched/kernel_exit.h"
#include "sync/spinlock.h"
#include "syscall/syscall.h"

namespace kernel {

int64_t sys_nosys(TrapFrame&);

namespace {

using abi::Syscall;

constexpr auto kCount = static_cast<size_t>(Syscall::Count);

constexpr auto make_table() {
  struct Table {
    SyscallHandler entries[kCount] = {};
  } t;
  for (auto& entry : t.entries) entry = sys_nosys;
  auto set = [&](Syscall s, SyscallHandler h) { t.entries[static_cast<size_t>(s)] = h; };
  set(Syscall::Null, sys_null);
  set(Syscall::DebugWrite, sys_debug_write);
  set(Syscall::DebugRead, sys_debug_read);
  set(Syscall::ThreadCreate, sys_thread_create);
  set(Syscall::ThreadExit, sys_thread_exit);
  set(Syscall::Yield, sys_yield);
  set(Syscall::SleepUntil, sys_sleep_until);
  set(Syscall::ProcessExit, sys_process_exit);
  set(Syscall::Poweroff, sys_poweroff);
  set(Syscall::FramesFree, sys_frames_free);
  set(Syscall::MemMap, sys_mem_map);
  set(Syscall::MemUnmap, sys_mem_unmap);
  set(Syscall::ProcessSpawn, sys_process_spawn);
  set(Syscall::ProcessWait, sys_process_wait);
  set(Syscall::HandleClose, sys_handle_close);
  set(Syscall::HandleDup, sys_handle_dup);
  set(Syscall::HandleInfo, sys_handle_info);
  set(Syscall::ChannelCreate, sys_channel_create);
  set(Syscall::ChannelCall, sys_channel_call);
  set(Syscall::ChannelSend, sys_channel_send);
  set(Syscall::ChannelRecv, sys_channel_recv);
  set(Syscall::PortCreate, sys_port_create);
  set(Syscall::PortBind, sys_port_bind);
  set(Syscall::PortWait, sys_port_wait);
  set(Syscall::ReplyWait, sys_reply_wait);
  set(Syscall::Reply, sys_reply);
  set(Syscall::SetIpcBuffer, sys_set_ipc_buffer);
  set(Syscall::MembufCreate, sys_membuf_create);
  set(Syscall::MembufMap, sys_membuf_map);
  set(Syscall::MembufPhysical, sys_membuf_physical);
  set(Syscall::MmioMap, sys_mmio_map);
  set(Syscall::IrqBind, sys_irq_bind);
  set(Syscall::IrqAck, sys_irq_ack);
  set(Syscall::ProcessKill, sys_process_kill);
  set(Syscall::ProcessCreate, sys_process_create);
  set(Syscall::MemMapAt, sys_mem_map_at);
  set(Syscall::ProcessWrite, sys_process_write);
  set(Syscall::HandleGive, sys_handle_give);
  set(Syscall::ThreadStart, sys_thread_start);
  set(Syscall::ProcessInfo, sys_process_info);
  return t;
}

constexpr auto kTable = make_table();

}  // namespace

int64_t sys_null(TrapFrame&) { return 0; }
int64_t sys_nosys(TrapFrame&) { return error_code(Error::NoSyscall); }

TrapFrame* fastpath_call(TrapFrame& frame);
TrapFrame* fastpath_reply_wait(TrapFrame& frame);

// Every syscall but the IPC waits (trap.S sends those to ipc_dispatch).
// These always return to their own thread, so trap.S takes the result
// straight from a0.
extern "C" int64_t syscall_dispatch(TrapFrame* frame) {
  big_kernel_lock.lock();
  uint64_t number = frame->x[kA7];
  int64_t result = number < kCount ? kTable.entries[number](*frame) : error_code(Error::NoSyscall);
  sched::on_kernel_exit();
  big_kernel_lock.unlock();
  return result;
}

// The IPC waits (call, reply_wait, port_wait, channel_recv): the fast path
// first. Returns the frame to resume: the caller's or, when IPC switched
// threads, the other thread's.
extern "C" TrapFrame* ipc_dispatch(TrapFrame* frame) {
  big_kernel_lock.lock();
  uint64_t number = frame->x[kA7];
  TrapFrame* next = nullptr;
  if (number == static_cast<uint64_t>(Syscall::ChannelCall)) next = fastpath_call(*frame);
  else if (number == static_cast<uint64_t>(Syscall::ReplyWait)) next = fastpath_reply_wait(*frame);
  if (next) {
    big_kernel_lock.unlock();
    return next;
  }
  frame->x[kA0] = kTable.entries[number](*frame);
  sched::on_kernel_exit();
  big_kernel_lock.unlock();
  return frame;
}

}  // namespace kernel
