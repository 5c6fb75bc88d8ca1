// Channels, ports, call/reply: the general path. The common call and
// reply_wait cases are taken before this by ipc/fastpath.cc.
#include <type_traits>

#include "abi/ipc_buffer.h"
#include "abi/syscall.h"
#include "arch/smp.h"
#include "ipc/channel.h"
#include "ipc/port.h"
#include "ipc/reply.h"
#include "ipc/transfer.h"
#include "sched/kernel_exit.h"
#include "sched/scheduler.h"
#include "syscall/handles.h"
#include "syscall/syscall.h"

namespace kernel {

namespace {

using namespace abi::rights;

constexpr uint32_t kChannelRights = kRead | kWrite | kTransfer | kDuplicate | kWait;
constexpr uint32_t kPortRights = kRead | kWrite | kTransfer | kDuplicate;
constexpr uint32_t kReplyRights = kWrite | kTransfer | kWait;

// Waits for the next item on the port (or end), resuming straight in user
// mode with it. Returns only if something was there at once, or on error.
template <typename Source>
int64_t receive(Thread& self, Source& source, WaitQueue& waiters, uint64_t deadline) {
  if (self.caller) return error_code(Error::BadState);  // answer the call you hold first
  // A port wait ends the service of the end whose message the thread took
  // last (ChannelEnd::in_service): that end's next event may come here.
  if constexpr (std::is_same_v<Source, Port>) end_service_of(self);
  if (source.deliver_next(self)) return 0;
  if constexpr (requires { source.peer_closed(); }) {
    if (source.peer_closed()) return error_code(Error::PeerClosed);
  }
  if (deadline <= sched::now()) return error_code(Error::TimedOut);
  self.set_ipc_state(IpcState::Receiving);
  sched::block_in_user(&waiters, deadline);
}

// The object behind handle, by the table's one-word check of type,
// generation and rights; a handle that fails it goes through get_object,
// which says why. (Inline: the check is a few instructions, the call
// and its Result in memory were as many again; every wait and answer
// starts here.)
template <typename T>
[[gnu::always_inline]] inline Result<T*> object_of(uint64_t handle, uint32_t rights) {
  void* object = current_process().handles().find(handle, static_cast<uint16_t>(ObjectTypeOf<T>::value), rights);
  if (object) return static_cast<T*>(static_cast<KernelObject*>(object));
  return get_object<T>(handle, rights);
}

// (Inline: channel_recv_entry has it without a call.)
[[gnu::always_inline]] inline int64_t channel_recv(TrapFrame& f) {
  auto end = object_of<ChannelEnd>(f.x[kA0], kRead);
  if (!end) return error_code(end.error());
  return receive(*current_thread(), **end, (*end)->receivers(), f.x[kA1]);
}

}  // namespace

namespace {

// A new channel's two handles: end 0 in a0 (the result), end 1 in a1. If
// `port`, end 1 is bound to it with `badge` once nothing can fail.
int64_t create_channel(TrapFrame& f, Port* port, uint64_t badge) {
  RefPtr<ChannelEnd> a, b;
  TRY_CODE(ChannelEnd::create_pair(a, b));
  Process& p = current_process();
  auto ha = p.add_handle(a.get(), kChannelRights);
  if (!ha) return error_code(ha.error());
  auto hb = p.add_handle(b.get(), kChannelRights);
  if (!hb) {
    (void)p.close_handle(*ha);
    return error_code(hb.error());
  }
  if (port) b->bind(*port, badge);
  f.x[kA1] = *hb;
  return *ha;
}

}  // namespace

int64_t sys_channel_create(TrapFrame& f) { return create_channel(f, nullptr, 0); }

int64_t sys_channel_create_bound(TrapFrame& f) {
  auto port = object_of<Port>(f.x[kA0], kWrite);
  if (!port) return error_code(port.error());
  return create_channel(f, *port, f.x[kA1]);
}

int64_t sys_channel_call(TrapFrame& f) {
  auto end = object_of<ChannelEnd>(f.x[kA0], kWrite);
  if (!end) return error_code(end.error());
  ChannelEnd* target = (*end)->peer();
  if (!target) return error_code(Error::PeerClosed);
  Thread& self = *current_thread();
  // A server may call others while it holds a call of its own (vfs calls
  // the file systems): `caller` and `replier` are separate roles. The call
  // waits in the target's queue as a message does: the same handles may
  // not travel in it.
  TRY_CODE(take_outgoing(self, f.x[kA1], self.call_handles, target));
  uint64_t deadline = f.x[kA6];
  self.ipc_error = Error::Ok;
  // A call may take long: the end whose message the thread serves may
  // deliver again meanwhile (ChannelEnd::in_service).
  end_service_of(self);
  target->add_call(self);
  // A receiver that was waiting could not take the call: fail at once.
  if (self.ipc_state == IpcState::None && self.ipc_error != Error::Ok) return error_code(self.ipc_error);
  sched::block_in_user(nullptr, deadline);
}

int64_t sys_channel_send(TrapFrame& f) {
  auto end = object_of<ChannelEnd>(f.x[kA0], kWrite);
  if (!end) return error_code(end.error());
  ChannelEnd* target = (*end)->peer();
  if (!target) return error_code(Error::PeerClosed);
  return status_code(send_message(*current_thread(), *target, f));
}

int64_t sys_channel_recv(TrapFrame& f) { return channel_recv(f); }

// channel_recv, which ipc_dispatch (ipc/fastpath.cc) sends here rather
// than to ipc_dispatch_locked: the general path's work without the fast
// path's number tests and the table's indirect call, which a receive
// that finds its message queued would pay for on every message. Returns
// as ipc_dispatch does, holding this hart's lock.
TrapFrame* channel_recv_entry(TrapFrame* frame) {
  smp::lock_kernel();
  frame->x[kA0] = channel_recv(*frame);
  sched::on_kernel_exit();
  smp::trade_kernel_lock_for_hart_lock();
  return frame;
}

int64_t sys_port_create(TrapFrame&) {
  Port* port = make_object<Port>();
  return port ? handle_for_new(port, kPortRights) : error_code(Error::NoMemory);
}

int64_t sys_port_bind(TrapFrame& f) {
  auto port = object_of<Port>(f.x[kA0], kWrite);
  if (!port) return error_code(port.error());
  uint64_t badge = f.x[kA2];
  auto entry = lookup_handle(f.x[kA1]);
  if (!entry) return error_code(entry.error());
  if (!((*entry)->rights & kWait)) return error_code(Error::AccessDenied);
  auto* object = static_cast<KernelObject*>((*entry)->object);
  switch (object->type()) {
    case ObjectType::Channel: static_cast<ChannelEnd*>(object)->bind(**port, badge); return 0;
    case ObjectType::Process: static_cast<Process*>(object)->bind_exit(**port, badge); return 0;
    case ObjectType::Reply: static_cast<Reply*>(object)->bind(**port, badge); return 0;
    default: return error_code(Error::WrongType);
  }
}

int64_t sys_port_wait(TrapFrame& f) {
  auto port = object_of<Port>(f.x[kA0], kRead);
  if (!port) return error_code(port.error());
  return receive(*current_thread(), **port, (*port)->waiters(), f.x[kA1]);
}

// A server's end whose peer closed, closed in the wait for the next event
// (libserver's loop): one kernel entry, not two. The handle goes first, as
// handle_close would, before the port is looked up: it may be the port's
// last handle, which ends the port.
int64_t sys_handle_close_port_wait(TrapFrame& f) {
  TRY_CODE(close_own_handle(f.x[kA2]));
  return sys_port_wait(f);
}

int64_t sys_reply_wait(TrapFrame& f) {
  auto port = object_of<Port>(f.x[kA0], kRead);
  if (!port) return error_code(port.error());
  Thread& self = *current_thread();
  if (self.caller) TRY_CODE(reply_to_caller(self, f));
  return receive(self, **port, (*port)->waiters(), f.x[kA6]);
}

int64_t sys_reply(TrapFrame& f) {
  if (f.x[kA0] == 0) return status_code(reply_to_caller(*current_thread(), f));
  auto reply = object_of<Reply>(f.x[kA0], kWrite);
  if (!reply) return error_code(reply.error());
  TRY_CODE((*reply)->answer(*current_thread(), f));
  // A parked call is answered once: its handle goes with the answer.
  return status_code(current_process().close_handle(static_cast<HandleValue>(f.x[kA0])));
}

int64_t sys_reply_resume(TrapFrame& f) {
  auto reply = object_of<Reply>(f.x[kA0], kWrite);
  if (!reply) return error_code(reply.error());
  Thread& self = *current_thread();
  TRY_CODE((*reply)->resume(self));
  // Holding a call, the thread serves no end: as after a port wait.
  end_service_of(self);
  return status_code(current_process().close_handle(static_cast<HandleValue>(f.x[kA0])));
}

int64_t sys_reply_defer(TrapFrame&) {
  auto parked = Reply::park(*current_thread());
  if (!parked) return error_code(parked.error());
  auto reply = RefPtr<Reply>::adopt(*parked);
  auto h = current_process().add_handle(reply.get(), kReplyRights);
  if (!h) reply->unpark(*current_thread());  // the thread holds its call again
  return h ? int64_t{*h} : error_code(h.error());
}

int64_t sys_set_ipc_buffer(TrapFrame& f) {
  uint64_t address = f.x[kA0];
  if (address % 8) return error_code(Error::InvalidArgument);
  if (!current_process().space().accessible(address, abi::kIpcBufferSize, Access::Write)) {
    return error_code(Error::BadAddress);
  }
  current_thread()->ipc_buffer = address;
  current_thread()->ipc_pages.forget();
  return 0;
}

}  // namespace kernel
