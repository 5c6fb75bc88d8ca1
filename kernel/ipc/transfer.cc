#include "ipc/transfer.h"

#include "abi/ipc_buffer.h"
#include "abi/syscall.h"
#include "arch/trap_frame.h"
#include "ipc/channel.h"
#include "ipc/port.h"
#include "ipc/reply.h"
#include "object/process.h"
#include "object/thread.h"
#include "sched/scheduler.h"

namespace kernel {

namespace {

uint64_t tail_address(const Thread& t) {
  return t.ipc_buffer + abi::kIpcBufferDataOffset + abi::kIpcRegisterBytes;
}

uint64_t tail_length(uint64_t length) { return length > abi::kIpcRegisterBytes ? length - abi::kIpcRegisterBytes : 0; }

// A message that needs the receiver's IPC buffer (a long payload or handles)
// cannot go to a thread that has none.
bool needs_buffer(uint64_t info) {
  return abi::info_length(info) > abi::kIpcRegisterBytes || abi::info_handles(info) > 0;
}

void write_registers(Thread& to, uint64_t info, const uint64_t* words, uint64_t badge) {
  TrapFrame& f = *to.frame;
  f.x[kA0] = 0;
  f.x[kA1] = info;
  f.x[kA2] = words[0];
  f.x[kA3] = words[1];
  f.x[kA4] = words[2];
  f.x[kA5] = words[3];
  f.x[kA6] = badge;
  to.set_ipc_state(IpcState::None);
}

// Installs in-flight handles in the receiver's table and writes their new
// values into its IPC buffer. Handles that cannot be installed are dropped.
Status install_handles(Thread& to, InFlightHandles& handles) {
  if (handles.count == 0) return {};  // nothing to write into the buffer either
  uint32_t values[abi::kIpcMaxHandles];
  Status status;
  uint32_t installed = 0;
  for (uint32_t i = 0; i < handles.count; ++i) {
    auto value = status ? to.process->install_transferred(handles.objects[i], handles.rights[i])
                        : Result<HandleValue>(status.error());
    if (value) {
      values[installed++] = *value;
    } else {
      status = value.error();
      Process::drop_transferred(handles.objects[i]);
    }
  }
  handles.count = 0;
  if (!status) {
    for (uint32_t i = 0; i < installed; ++i) (void)to.process->close_handle(values[i]);
    return status;
  }
  return to.process->space().copy_out(to.ipc_buffer + abi::kIpcBufferHandlesOffset, values,
                                      installed * sizeof(uint32_t));
}

}  // namespace

Status take_outgoing(Thread& sender, uint64_t info, InFlightHandles& handles, const KernelObject* queue_owner) {
  constexpr uint64_t kKnownBits = abi::kInfoLengthMask | (abi::kInfoHandlesMask << abi::kInfoHandlesShift);
  if (info & ~kKnownBits) return Error::InvalidArgument;
  uint64_t length = abi::info_length(info);
  uint64_t count = abi::info_handles(info);
  if (length > abi::kIpcMaxBytes || count > abi::kIpcMaxHandles) return Error::TooLarge;
  if (needs_buffer(info) && !sender.ipc_buffer) return Error::BadState;
  if (count == 0) return {};
  uint32_t values[abi::kIpcMaxHandles];
  Process& p = *sender.process;
  TRY(p.space().copy_in(values, sender.ipc_buffer + abi::kIpcBufferHandlesOffset, count * sizeof(uint32_t)));
  // Check every handle before moving any, so a failed send changes nothing.
  for (uint64_t i = 0; i < count; ++i) {
    auto entry = p.handles().get(values[i]);
    if (!entry) return entry.error();
    if (!((*entry)->rights & abi::rights::kTransfer)) return Error::AccessDenied;
    auto* object = static_cast<const KernelObject*>((*entry)->object);
    if (object == queue_owner) return Error::InvalidArgument;
    if (queue_owner && object->holds_handles()) return Error::BadState;
    for (uint64_t j = 0; j < i; ++j) {
      if (values[j] == values[i]) return Error::InvalidArgument;
    }
  }
  for (uint64_t i = 0; i < count; ++i) {
    auto entry = p.take_for_transfer(values[i]);
    handles.objects[i] = static_cast<KernelObject*>(entry->object);
    handles.rights[i] = entry->rights;
  }
  handles.count = static_cast<uint32_t>(count);
  return {};
}

Status deliver_call(Thread& receiver, Thread& caller, uint64_t badge) {
  const TrapFrame& f = *caller.frame;
  uint64_t info = f.x[kA1];
  if (needs_buffer(info) && !receiver.ipc_buffer) return Error::TooLarge;
  uint64_t tail = tail_length(abi::info_length(info));
  if (tail) {
    TRY(AddressSpace::copy_across(receiver.process->space(), tail_address(receiver), caller.process->space(),
                                  tail_address(caller), tail));
  }
  uint64_t handle_count = caller.call_handles.count;
  TRY(install_handles(receiver, caller.call_handles));
  uint64_t words[4] = {f.x[kA2], f.x[kA3], f.x[kA4], f.x[kA5]};
  write_registers(receiver, abi::make_info(abi::info_length(info), handle_count, abi::EventKind::Call), words, badge);
  caller.set_ipc_state(IpcState::AwaitingReply);
  caller.replier = &receiver;
  receiver.caller = RefPtr<Thread>(&caller);
  return {};
}

namespace {

// deliver_message of a message with a tail or handles. Out of line: a
// register-only message does not pay for its frame.
[[gnu::noinline]] Status deliver_with_extras(Thread& receiver, AsyncMessage& message, uint64_t badge) {
  if (needs_buffer(message.info) && !receiver.ipc_buffer) {
    message.handles.drop();
    return Error::BadState;
  }
  if (message.tail_length) {
    TRY(receiver.process->space().copy_out(tail_address(receiver), message.tail, message.tail_length));
  }
  uint64_t handle_count = message.handles.count;
  TRY(install_handles(receiver, message.handles));
  write_registers(receiver, abi::make_info(abi::info_length(message.info), handle_count), message.words, badge);
  return {};
}

}  // namespace

Status deliver_message(Thread& receiver, AsyncMessage& message, uint64_t badge) {
  // An info up to kIpcRegisterBytes is a bare length of register words:
  // it is the receiver's info as it is.
  if (message.info > abi::kIpcRegisterBytes) return deliver_with_extras(receiver, message, badge);
  write_registers(receiver, message.info, message.words, badge);
  return {};
}

void deliver_packet(Thread& receiver, const PortPacket& packet) {
  uint64_t words[4] = {packet.word, 0, 0, 0};
  write_registers(receiver, abi::make_info(0, 0, packet.kind), words, packet.badge);
}

Status reply_to_caller(Thread& server, const TrapFrame& frame) {
  if (!server.caller) return Error::BadState;
  Thread& caller = *server.caller;
  TRY(send_reply(server, caller, caller.replier == &server, frame));
  server.caller.reset();
  return {};
}

namespace {

// Gives the caller the reply in frame from sender, with handles, and makes
// it ready; a reply it cannot take fails its call instead.
void deliver_reply(Thread& sender, Thread& caller, uint64_t info, InFlightHandles& handles, const TrapFrame& frame) {
  caller.set_ipc_state(IpcState::None);
  caller.replier = nullptr;
  caller.parked_in = nullptr;
  Status delivered;
  if (needs_buffer(info) && !caller.ipc_buffer) delivered = Error::TooLarge;
  uint64_t tail = tail_length(abi::info_length(info));
  if (delivered && tail) {
    delivered = AddressSpace::copy_across(caller.process->space(), tail_address(caller), sender.process->space(),
                                          tail_address(sender), tail);
  }
  uint64_t handle_count = handles.count;
  if (delivered) delivered = install_handles(caller, handles);
  if (delivered) {
    uint64_t words[4] = {frame.x[kA2], frame.x[kA3], frame.x[kA4], frame.x[kA5]};
    write_registers(caller, abi::make_info(abi::info_length(info), handle_count), words, 0);
    sched::wake(&caller, Error::Ok);
  } else {
    sched::wake(&caller, delivered.error());
  }
}

}  // namespace

Status send_reply(Thread& sender, Thread& caller, bool answers_wait, const TrapFrame& frame) {
  uint64_t info = frame.x[kA1];
  InFlightHandles handles;
  TRY(take_outgoing(sender, info, handles));
  // A caller that gave up (timeout) or died is not waiting: the reply has
  // nowhere to go.
  if (answers_wait && caller.ipc_state == IpcState::AwaitingReply) deliver_reply(sender, caller, info, handles, frame);
  handles.drop();
  return {};
}

void ipc_abort(Thread& t) {
  if (t.queue_node.linked()) List::remove(&t.queue_node);
  if (t.ipc_state == IpcState::Calling) t.call_handles.drop();
  t.set_ipc_state(IpcState::None);
  t.replier = nullptr;
  if (Reply* parked = t.parked_in) {
    t.parked_in = nullptr;
    parked->caller_gone();
  }
}

void ipc_thread_gone(Thread& t) {
  end_service_of(t);  // the end it served delivers to the port's other waiters
  if (RefPtr<Thread> caller = std::move(t.caller)) {
    // The server died holding the call: the caller must not hang.
    if (caller->ipc_state == IpcState::AwaitingReply && caller->replier == &t) {
      sched::wake(caller.get(), Error::PeerClosed);
    }
  }
  if (t.ipc_state != IpcState::None) ipc_abort(t);
}

}  // namespace kernel
