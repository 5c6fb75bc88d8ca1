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

// A message's words in the message registers (abi/ipc_buffer.h).
using Words = uint64_t[abi::kIpcRegisterWords];
constexpr uint64_t kArgumentWords = abi::kIpcRegisterBytes / 8;  // a2..a5

bool has_t_words(uint64_t info) { return abi::has_t_words(abi::info_length(info), abi::info_handles(info)); }

// The payload beyond a2..a5 that lies in the IPC buffer (from data offset
// 32 on): all of it but for a register message.
uint64_t tail_address(const Thread& t) {
  return t.ipc_buffer + abi::kIpcBufferDataOffset + abi::kIpcRegisterBytes;
}
uint64_t tail_length(uint64_t info) {
  uint64_t length = abi::info_length(info);
  return length > abi::kIpcRegisterBytes && !has_t_words(info) ? length - abi::kIpcRegisterBytes : 0;
}

// Whether the thread sending from f entered by an IPC wait (call,
// reply_wait), whose entry saved t0..t5 (trap.S); a send that does not
// wait has a register message's words 4..9 in its buffer.
bool sends_from_t_registers(const TrapFrame& f) { return f.x[kA7] - abi::kFirstIpcWait < abi::kIpcWaitCount; }

// A message that needs the IPC buffer (handles, payload there) cannot come
// from, or go to, a thread that has none.
bool receiver_needs_buffer(uint64_t info) { return tail_length(info) || abi::info_handles(info); }
bool sender_needs_buffer(uint64_t info, const TrapFrame& f) {
  return receiver_needs_buffer(info) || (has_t_words(info) && !sends_from_t_registers(f));
}

// The register words of the message `info` sent from `f` by sender: a2..a5
// as it passed them; for a register message words 4..9 from t0..t5 or,
// from a send that does not wait, its buffer; 0 past the message.
Status sent_words(Thread& sender, const TrapFrame& f, uint64_t info, Words& words) {
  bool t_words = has_t_words(info);
  bool in_t_registers = t_words && sends_from_t_registers(f);
  uint64_t count = (abi::info_length(info) + 7) / 8;
#pragma GCC unroll 10
  for (uint64_t k = 0; k < abi::kIpcRegisterWords; ++k) {
    words[k] = k < kArgumentWords || (in_t_registers && k < count) ? f.x[kMessageRegs[k]] : 0;
  }
  if (!t_words || in_t_registers) return {};
  return read_buffer(sender, BufferPages::kTailOffset, &words[kArgumentWords],
                     abi::info_length(info) - abi::kIpcRegisterBytes);
}

void write_registers(Thread& to, uint64_t info, const Words& words, uint64_t badge) {
  TrapFrame& f = *to.frame;
  f.x[kA0] = 0;
  f.x[kA1] = info;
#pragma GCC unroll 10
  for (uint64_t k = 0; k < abi::kIpcRegisterWords; ++k) f.x[kMessageRegs[k]] = words[k];
  f.x[kA6] = badge;
  to.set_ipc_state(IpcState::None);
}

// Where the bytes [offset, offset + length) of t's buffer are in the
// kernel, if they lie on one page that t.ipc_pages knows or can look up
// now; null if not.
uint8_t* buffer_bytes(Thread& t, uint64_t offset, uint64_t length) {
  uint64_t start = t.ipc_buffer % abi::kPageSize + offset;
  if (start / abi::kPageSize != (start + length - 1) / abi::kPageSize) return nullptr;
  AddressSpace& space = t.process->space();
  uint64_t end = offset + length;
  if (!t.ipc_pages.ready(space, end) && !t.ipc_pages.prepare(space, t.ipc_buffer, end)) return nullptr;
  return t.ipc_pages.at(t.ipc_buffer, offset);
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
  return write_buffer(to, abi::kIpcBufferHandlesOffset, values, installed * sizeof(uint32_t));
}

}  // namespace

Status read_buffer(Thread& t, uint64_t offset, void* to, uint64_t length) {
  if (const uint8_t* bytes = buffer_bytes(t, offset, length)) {
    __builtin_memcpy(to, bytes, length);
    return {};
  }
  return t.process->space().copy_in(to, t.ipc_buffer + offset, length);
}

Status write_buffer(Thread& t, uint64_t offset, const void* from, uint64_t length) {
  if (uint8_t* bytes = buffer_bytes(t, offset, length)) {
    __builtin_memcpy(bytes, from, length);
    return {};
  }
  return t.process->space().copy_out(t.ipc_buffer + offset, from, length);
}

Status take_outgoing(Thread& sender, uint64_t info, InFlightHandles& handles, const KernelObject* queue_owner) {
  constexpr uint64_t kKnownBits = abi::kInfoLengthMask | (abi::kInfoHandlesMask << abi::kInfoHandlesShift);
  if (info & ~kKnownBits) return Error::InvalidArgument;
  uint64_t length = abi::info_length(info);
  uint64_t count = abi::info_handles(info);
  if (length > abi::kIpcMaxBytes || count > abi::kIpcMaxHandles) return Error::TooLarge;
  if (sender_needs_buffer(info, *sender.frame) && !sender.ipc_buffer) return Error::BadState;
  if (count == 0) return {};
  uint32_t values[abi::kIpcMaxHandles];
  Process& p = *sender.process;
  TRY(read_buffer(sender, abi::kIpcBufferHandlesOffset, values, count * sizeof(uint32_t)));
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
  if (receiver_needs_buffer(info) && !receiver.ipc_buffer) return Error::TooLarge;
  uint64_t tail = tail_length(info);
  if (tail) {
    TRY(AddressSpace::copy_across(receiver.process->space(), tail_address(receiver), caller.process->space(),
                                  tail_address(caller), tail));
  }
  Words words;
  TRY(sent_words(caller, f, info, words));
  uint64_t handle_count = caller.call_handles.count;
  TRY(install_handles(receiver, caller.call_handles));
  write_registers(receiver, abi::make_info(abi::info_length(info), handle_count, abi::EventKind::Call), words, badge);
  caller.set_ipc_state(IpcState::AwaitingReply);
  caller.replier = &receiver;
  receiver.caller = RefPtr<Thread>(&caller);
  return {};
}

namespace {

// deliver_message of a message with a tail or handles. Out of line: a
// register-only message of up to 32 bytes does not pay for its frame.
[[gnu::noinline]] Status deliver_with_extras(Thread& receiver, AsyncMessage& message, uint64_t badge) {
  if (receiver_needs_buffer(message.info) && !receiver.ipc_buffer) {
    message.handles.drop();
    return Error::BadState;
  }
  // The message holds a2..a5 and the bytes after them (channel.cc): those
  // of a register message go to t0..t5, any other's to the buffer.
  Words words = {message.words[0], message.words[1], message.words[2], message.words[3]};
  if (has_t_words(message.info)) {
    __builtin_memcpy(&words[kArgumentWords], message.tail, message.tail_length);
  } else if (message.tail_length) {
    TRY(write_buffer(receiver, BufferPages::kTailOffset, message.tail, message.tail_length));
  }
  uint64_t handle_count = message.handles.count;
  TRY(install_handles(receiver, message.handles));
  write_registers(receiver, abi::make_info(abi::info_length(message.info), handle_count), words, badge);
  return {};
}

}  // namespace

Status deliver_message(Thread& receiver, AsyncMessage& message, uint64_t badge) {
  // An info up to kIpcRegisterBytes is a bare length of register words:
  // it is the receiver's info as it is.
  if (message.info > abi::kIpcRegisterBytes) return deliver_with_extras(receiver, message, badge);
  Words words = {message.words[0], message.words[1], message.words[2], message.words[3]};
  write_registers(receiver, message.info, words, badge);
  return {};
}

void deliver_packet(Thread& receiver, const PortPacket& packet) {
  Words words = {packet.word};
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
  if (receiver_needs_buffer(info) && !caller.ipc_buffer) delivered = Error::TooLarge;
  uint64_t tail = tail_length(info);
  if (delivered && tail) {
    delivered = AddressSpace::copy_across(caller.process->space(), tail_address(caller), sender.process->space(),
                                          tail_address(sender), tail);
  }
  Words words;
  if (delivered) delivered = sent_words(sender, frame, info, words);
  uint64_t handle_count = handles.count;
  if (delivered) delivered = install_handles(caller, handles);
  if (delivered) {
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
