// A channel end: one of the two objects channel_create makes. What one end
// sends or calls arrives at the other: calls wait on it as blocked caller
// threads (their message stays in their registers and IPC buffer until it is
// received), asynchronous messages as kernel copies in a bounded queue.
#pragma once

#include <cstdint>
#include <utility>

#include "ipc/port_binding.h"
#include "lib/list.h"
#include "result.h"
#include "object/object.h"
#include "object/ref_ptr.h"
#include "object/thread.h"
#include "sched/wait_queue.h"

namespace kernel {

class ChannelEnd;

// An asynchronous message waiting in a channel end's queue.
struct AsyncMessage {
  ListNode node;
  uint64_t info;
  uint64_t words[4];
  InFlightHandles handles;
  ChannelEnd* queue;     // the end whose queue holds it (it may keep the storage)
  uint32_t tail_length;  // bytes beyond the register words, in `tail`
  uint8_t tail[];
  static size_t size_for(uint32_t tail_length) { return sizeof(AsyncMessage) + tail_length; }
  // What kmalloc gave a message: up to ChannelEnd::kSpareTail, one size.
  static size_t storage_size(uint32_t tail_length);
};

class ChannelEnd final : public KernelObject {
 public:
  static constexpr uint32_t kMaxQueued = 64;

  ChannelEnd() : KernelObject(ObjectType::Channel, sizeof(ChannelEnd)) {}
  ~ChannelEnd() override;
  // Makes a connected pair.
  static Status create_pair(RefPtr<ChannelEnd>& a, RefPtr<ChannelEnd>& b);

  ChannelEnd* peer() const { return peer_; }
  bool peer_closed() const { return peer_ == nullptr; }

  // Something arrived: hand it to a waiting receiver or mark this end ready.
  void add_call(Thread& caller);
  // Queues message: its sender checked queue_full() with nothing sent since.
  void add_message(AsyncMessage* message);
  bool has_items() const { return !calls_.empty() || !messages_.empty(); }
  bool queue_full() const { return message_count_ >= kMaxQueued; }
  // Delivers the oldest item to receiver (a thread in channel_recv); false
  // if there was none.
  bool deliver_next(Thread& receiver);
  // The same for a thread waiting on the port: a message puts this end in
  // its service.
  bool deliver_to_port_waiter(Thread& receiver);

  // One event of a source at a time (docs/ipc.md "One event of a source at
  // a time"): after a port waiter took one of this end's messages, the end
  // is in that thread's service, and the port hands out nothing more of it
  // (messages, calls, its PeerClosed) until the thread waits on a port
  // again, makes a call (which may take long) or exits (end_service). A
  // call does not start a service: each has its own caller waiting for its
  // answer, and a client's threads may share one end.
  Thread* in_service() const { return in_service_; }
  // The port may hand out this end's events again: the end goes back on
  // its ready list if it has items, and a PeerClosed held back is posted.
  void end_service();

  WaitQueue& receivers() { return receivers_; }
  Port* port() const { return binding_.port(); }
  uint64_t badge() const { return badge_; }
  void bind(Port& port, uint64_t badge);

  ListNode port_node;  // on the port's ready list (never while in service)

  // The last handle is gone: the peer learns it, waiting callers fail.
  void on_last_handle_closed() override;

  // The longest tail a spare holds: a message up to it takes storage of
  // one size, kmalloc's 256-byte class, so that the next one can reuse it
  // (a server's requests with a short path or name, such as vfs's openFor).
  static constexpr uint32_t kSpareTail = 256 - sizeof(AsyncMessage);
  static_assert(sizeof(AsyncMessage) < 256);
  // Storage for a message of tail_length bytes beyond the registers, to be
  // queued here: the spare if it fits (as the last message left it:
  // unlinked, no handles), else the heap's. Null: no memory.
  AsyncMessage* new_message(uint32_t tail_length) {
    if (tail_length <= kSpareTail && spare_) {
      AsyncMessage* m = std::exchange(spare_, nullptr);
      m->tail_length = tail_length;
      return m;
    }
    return new_heap_message(tail_length);
  }
  // Frees a message of this queue (its handles dropped already), keeping
  // one up to kSpareTail as the spare.
  void free_storage(AsyncMessage* message);

 private:
  bool holds_handles_now() const override { return queued_handles_ > 0; }
  static_assert(may_hold_handles(ObjectType::Channel));
  AsyncMessage* new_heap_message(uint32_t tail_length);
  enum class Item : uint8_t { None, Call, Message };
  Item deliver_item(Thread& receiver);
  void arrived();
  void hand_over();  // arrived(), when a receiver or a port is there
  void unbind();
  void start_service(Thread& server);
  void forget_service();
  // The peer is gone: the port learns it, unless the end is in service.
  void post_peer_closed();

  ChannelEnd* peer_ = nullptr;
  List calls_;      // Thread::queue_node of callers not yet received
  List messages_;   // AsyncMessage::node
  uint32_t message_count_ = 0;
  uint32_t queued_handles_ = 0;  // handles travelling in messages_
  // The storage of a message up to kSpareTail, kept from the last one
  // delivered: a stream of short messages costs no heap allocation after
  // the first.
  AsyncMessage* spare_ = nullptr;
  WaitQueue receivers_;  // threads in channel_recv on this end
  uint64_t badge_ = 0;
  PortBinding binding_;  // the port; its packet tells it that the peer closed
  Thread* in_service_ = nullptr;  // Thread::serving points back
  bool closed_held_ = false;      // a PeerClosed held back while in service
};

// The thread waits on a port now, makes a call or exits: the end it served
// (if any) may deliver again.
inline void end_service_of(Thread& thread) {
  if (thread.serving) thread.serving->end_service();
}

// channel_send: queues the message in sender's frame (a1 info, a2..a5,
// the IPC buffer) on target, moving its handles out of sender's table. A
// refused message changes nothing: the sender keeps its handles.
Status send_message(Thread& sender, ChannelEnd& target, const TrapFrame& frame);

template <>
struct ObjectTypeOf<ChannelEnd> {
  static constexpr ObjectType value = ObjectType::Channel;
};

inline size_t AsyncMessage::storage_size(uint32_t tail_length) {
  return size_for(tail_length <= ChannelEnd::kSpareTail ? ChannelEnd::kSpareTail : tail_length);
}

}  // namespace kernel
