#include "ipc/channel.h"

#include "abi/ipc_buffer.h"
#include "arch/trap_frame.h"
#include "ipc/transfer.h"
#include "object/process.h"
#include "sched/scheduler.h"

namespace kernel {

namespace {

Thread* caller_of(ListNode* n) { return container_of<Thread, &Thread::queue_node>(n); }
AsyncMessage* message_of(ListNode* n) { return container_of<AsyncMessage, &AsyncMessage::node>(n); }

void fail_call(Thread& caller, Error error) {
  if (caller.state == ThreadState::Blocked) {
    sched::wake(&caller, error);
    return;
  }
  // Still running (it is making the call right now): it sees ipc_error.
  caller.call_handles.drop();
  caller.set_ipc_state(IpcState::None);
  caller.ipc_error = error;
}

void free_message(AsyncMessage* m) {
  m->handles.drop();
  kfree(m, AsyncMessage::size_for(m->tail_length));
}

}  // namespace

// The ends point at each other without a reference: each forgets the other
// when its last handle goes (on_last_handle_closed), before it can be freed.
Status ChannelEnd::create_pair(RefPtr<ChannelEnd>& a, RefPtr<ChannelEnd>& b) {
  a = RefPtr<ChannelEnd>::adopt(make_object<ChannelEnd>());
  b = RefPtr<ChannelEnd>::adopt(make_object<ChannelEnd>());
  if (!a || !b) {
    a.reset();
    b.reset();
    return Error::NoMemory;
  }
  a->peer_ = b.get();
  b->peer_ = a.get();
  return {};
}

ChannelEnd::~ChannelEnd() {
  while (ListNode* n = messages_.pop_front()) free_message(message_of(n));
  unbind();
}

void ChannelEnd::bind(Port& port, uint64_t badge) {
  unbind();
  binding_.bind(port, abi::EventKind::PeerClosed, badge);
  badge_ = badge;
  if (has_items()) port.mark_ready(*this);
  if (peer_closed()) binding_.post();
}

void ChannelEnd::unbind() {
  if (!binding_.bound()) return;
  Port::unmark_ready(*this);
  binding_.unbind();
}

void ChannelEnd::arrived() {
  if (ListNode* n = receivers_.list().front()) {
    Thread* receiver = container_of<Thread, &Thread::queue_node>(n);
    List::remove(n);
    if (deliver_next(*receiver)) sched::wake(receiver, Error::Ok);
    else receivers_.list().push_front(n);
    return;
  }
  if (Port* port = binding_.port()) port->mark_ready(*this);
}

void ChannelEnd::add_call(Thread& caller) {
  caller.set_ipc_state(IpcState::Calling);
  calls_.push_back(&caller.queue_node);
  arrived();
}

Status ChannelEnd::add_message(AsyncMessage* message) {
  if (message_count_ >= kMaxQueued) return Error::ShouldWait;
  messages_.push_back(&message->node);
  ++message_count_;
  queued_handles_ += message->handles.count;
  arrived();
  return {};
}

bool ChannelEnd::deliver_next(Thread& receiver) {
  bool delivered = false;
  while (!delivered && has_items()) {
    if (ListNode* n = calls_.pop_front()) {
      Thread* caller = caller_of(n);
      Status s = deliver_call(receiver, *caller, badge_);
      delivered = s.ok();
      // A call that cannot be delivered fails its caller, not the receiver.
      if (!delivered) fail_call(*caller, s.error());
    } else {
      AsyncMessage* m = message_of(messages_.pop_front());
      --message_count_;
      queued_handles_ -= m->handles.count;
      delivered = deliver_message(receiver, *m, badge_).ok();
      free_message(m);
    }
  }
  if (!has_items()) Port::unmark_ready(*this);
  return delivered;
}

Status send_message(Thread& sender, ChannelEnd& target, const TrapFrame& frame) {
  uint64_t info = frame.x[kA1];
  uint64_t length = abi::info_length(info);
  if (length > abi::kIpcMaxBytes) return Error::TooLarge;
  // Refuse before anything moves: a failed send keeps the sender's handles.
  if (target.queue_full()) return Error::ShouldWait;
  uint32_t tail = length > abi::kIpcRegisterBytes ? static_cast<uint32_t>(length - abi::kIpcRegisterBytes) : 0;
  auto* message = static_cast<AsyncMessage*>(kmalloc(AsyncMessage::size_for(tail)));
  if (!message) return Error::NoMemory;
  new (message) AsyncMessage{};
  message->info = info;
  message->tail_length = tail;
  for (int i = 0; i < 4; ++i) message->words[i] = frame.x[kA2 + i];
  Status s;
  if (tail && !sender.ipc_buffer) s = Error::BadState;
  if (s && tail) {
    s = sender.process->space().copy_in(message->tail,
                                        sender.ipc_buffer + abi::kIpcBufferDataOffset + abi::kIpcRegisterBytes, tail);
  }
  if (s) s = take_outgoing(sender, info, message->handles, &target);
  if (s) s = target.add_message(message);
  if (!s) free_message(message);
  return s;
}

void ChannelEnd::on_last_handle_closed() {
  ChannelEnd* peer = peer_;
  peer_ = nullptr;
  // Threads waiting on this end hold no reference to it: release them first.
  receivers_.wake_all(Error::BadHandle);
  // Nobody can receive what waits here any more.
  while (ListNode* n = calls_.front()) sched::wake(caller_of(n), Error::PeerClosed);
  while (ListNode* n = messages_.pop_front()) free_message(message_of(n));
  message_count_ = 0;
  queued_handles_ = 0;
  unbind();
  if (peer) {
    peer->peer_ = nullptr;
    peer->receivers_.wake_all(Error::PeerClosed);
    peer->binding_.post();
  }
}

}  // namespace kernel
