#include "ipc/channel.h"

#include "abi/ipc_buffer.h"
#include "arch/trap_frame.h"
#include "ipc/port.h"
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
  if (m->handles.count) m->handles.drop();
  m->queue->free_storage(m);
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
  if (spare_) kfree(spare_, AsyncMessage::storage_size(0));
  unbind();
}

AsyncMessage* ChannelEnd::new_heap_message(uint32_t tail_length) {
  void* storage = kmalloc(AsyncMessage::storage_size(tail_length));
  if (!storage) return nullptr;
  auto* m = new (storage) AsyncMessage;
  m->queue = this;
  m->tail_length = tail_length;
  return m;
}

void ChannelEnd::free_storage(AsyncMessage* m) {
  if (m->tail_length <= kSpareTail && !spare_) spare_ = m;
  else kfree(m, AsyncMessage::storage_size(m->tail_length));
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
  forget_service();
  Port::unmark_ready(*this);
  binding_.unbind();
}

void ChannelEnd::start_service(Thread& server) {
  KASSERT(!server.serving && !in_service_);
  in_service_ = &server;
  server.serving = this;
  // A PeerClosed already posted would reach another waiter meanwhile.
  if (binding_.withdraw()) closed_held_ = true;
}

void ChannelEnd::forget_service() {
  if (in_service_) in_service_->serving = nullptr;
  in_service_ = nullptr;
  closed_held_ = false;
}

void ChannelEnd::end_service() {
  KASSERT(in_service_);
  in_service_->serving = nullptr;
  in_service_ = nullptr;
  // (In service only while bound: unbind ends the service.)
  if (has_items()) binding_.port()->mark_ready(*this);
  if (closed_held_) {
    closed_held_ = false;
    post_peer_closed();
  }
}

void ChannelEnd::post_peer_closed() {
  if (in_service_) closed_held_ = true;
  else binding_.post();
}

// (Inline, the test: a message that nobody waits for, on an end bound to
// no port, costs no call.)
[[gnu::always_inline]] inline void ChannelEnd::arrived() {
  if (!receivers_.empty() || binding_.port()) hand_over();
}

void ChannelEnd::hand_over() {
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

void ChannelEnd::add_message(AsyncMessage* message) {
  KASSERT(!queue_full());
  messages_.push_back(&message->node);
  ++message_count_;
  queued_handles_ += message->handles.count;
  arrived();
}

ChannelEnd::Item ChannelEnd::deliver_item(Thread& receiver) {
  Item delivered = Item::None;
  while (delivered == Item::None && has_items()) {
    if (ListNode* n = calls_.pop_front()) {
      Thread* caller = caller_of(n);
      Status s = deliver_call(receiver, *caller, badge_);
      if (s) delivered = Item::Call;
      // A call that cannot be delivered fails its caller, not the receiver.
      else fail_call(*caller, s.error());
    } else {
      AsyncMessage* m = message_of(messages_.pop_front());
      --message_count_;
      queued_handles_ -= m->handles.count;
      if (deliver_message(receiver, *m, badge_)) delivered = Item::Message;
      free_message(m);
    }
  }
  if (!has_items()) Port::unmark_ready(*this);
  return delivered;
}

// The common case without deliver_item's loop and frame: no call waits,
// and the oldest message is a bare length of register words (up to 32
// bytes, no handles), which cannot fail to arrive.
bool ChannelEnd::deliver_next(Thread& receiver) {
  ListNode* n = messages_.front();
  if (!n || !calls_.empty() || message_of(n)->info > abi::kIpcRegisterBytes) {
    return deliver_item(receiver) != Item::None;
  }
  AsyncMessage* m = message_of(n);
  List::remove(n);
  --message_count_;
  (void)deliver_message(receiver, *m, badge_);
  free_storage(m);
  if (messages_.empty() && port_node.linked()) Port::unmark_ready(*this);
  return true;
}

namespace {

// What a message carries beyond its register words, into message: the
// tail from the sender's IPC buffer, its handles out of its table (which
// take_outgoing also checks the info for).
Status take_extras(Thread& sender, ChannelEnd& target, AsyncMessage& message) {
  if (message.tail_length) {
    if (!sender.ipc_buffer) return Error::BadState;
    TRY(read_buffer(sender, BufferPages::kTailOffset, message.tail, message.tail_length));
  }
  // (An info up to kIpcMaxBytes is a bare length: nothing more to check.)
  if (message.info > abi::kIpcMaxBytes) TRY(take_outgoing(sender, message.info, message.handles, &target));
  return {};
}

// Queues on target the message in frame (info, a2..a5 and `tail` bytes
// beyond them) once fill_extras(message) succeeded. A refused one (a full
// queue, no memory, extras that cannot go) changes nothing.
template <typename FillExtras>
[[gnu::always_inline]] inline Status queue_message(ChannelEnd& target, const TrapFrame& frame, uint32_t tail,
                                                   FillExtras fill_extras) {
  // Refuse before anything moves: a failed send keeps the sender's handles.
  if (target.queue_full()) return Error::ShouldWait;
  AsyncMessage* message = target.new_message(tail);
  if (!message) return Error::NoMemory;
  message->info = frame.x[kA1];
  for (int i = 0; i < 4; ++i) message->words[i] = frame.x[kA2 + i];
  if (Status s = fill_extras(*message); !s) {
    free_message(message);
    return s;
  }
  // (Still room: filling the extras sent nothing.)
  target.add_message(message);
  return {};
}

// send_message of a message with a tail or handles. Out of line: a
// register-only one does not pay for its frame.
[[gnu::noinline]] Status send_with_extras(Thread& sender, ChannelEnd& target, const TrapFrame& frame) {
  uint64_t length = abi::info_length(frame.x[kA1]);
  if (length > abi::kIpcMaxBytes) return Error::TooLarge;
  uint32_t tail = length > abi::kIpcRegisterBytes ? static_cast<uint32_t>(length - abi::kIpcRegisterBytes) : 0;
  return queue_message(target, frame, tail,
                       [&](AsyncMessage& message) { return take_extras(sender, target, message); });
}

}  // namespace

bool ChannelEnd::deliver_to_port_waiter(Thread& receiver) {
  Item delivered = deliver_item(receiver);
  if (delivered == Item::Message) start_service(receiver);
  return delivered != Item::None;
}

Status send_message(Thread& sender, ChannelEnd& target, const TrapFrame& frame) {
  // (An info up to kIpcRegisterBytes is a bare length of register words:
  // no tail, no handles, nothing more to check.)
  if (frame.x[kA1] > abi::kIpcRegisterBytes) return send_with_extras(sender, target, frame);
  return queue_message(target, frame, 0, [](AsyncMessage&) { return Status{}; });
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
    peer->post_peer_closed();
  }
}

}  // namespace kernel
