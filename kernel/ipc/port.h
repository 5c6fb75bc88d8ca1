// A port: one place for a server thread to wait on many event sources.
// Channel ends, IRQs and processes are bound to a port with a badge chosen
// by the binder; when one has something to say it goes on the port's ready
// list (O(1), whatever the number of bound objects), and a waiting thread
// takes the first item, learning the badge.
#pragma once

#include <cstdint>

#include "abi/syscall.h"
#include "lib/list.h"
#include "object/object.h"
#include "sched/wait_queue.h"

namespace kernel {

class ChannelEnd;

// A signal for a port (an IRQ fired, a process ended, a peer closed). Each
// source owns its packet, so posting never allocates; a packet is queued at
// most once at a time.
struct PortPacket {
  ListNode node;
  abi::EventKind kind = abi::EventKind::Message;
  uint64_t badge = 0;
  uint64_t word = 0;  // ProcessExit: the exit status
  bool queued() const { return node.linked(); }
};

class Port final : public KernelObject {
 public:
  Port() : KernelObject(ObjectType::Port, sizeof(Port)) {}
  ~Port() override;
  // Waiters hold no reference: when the last handle goes, release them.
  void on_last_handle_closed() override { waiters_.wake_all(Error::BadHandle); }

  // Queues packet (if not queued already) and wakes a waiter to take it.
  void post(PortPacket& packet);
  // Withdraws a packet whose source goes away.
  static void withdraw(PortPacket& packet);

  // A channel end bound here has items: put it on the ready list.
  void mark_ready(ChannelEnd& end);
  static void unmark_ready(ChannelEnd& end);

  // Threads blocked in port_wait / reply_wait.
  WaitQueue& waiters() { return waiters_; }
  bool has_items() const { return !packets_.empty() || !ready_.empty(); }

  // Hands the next item to thread (which is the caller, or a waiter that
  // post()/mark_ready() is waking). Returns false if nothing was pending.
  bool deliver_next(class Thread& receiver);

 private:
  List packets_;  // PortPacket::node
  List ready_;    // ChannelEnd::port_node
  WaitQueue waiters_;
};

template <>
struct ObjectTypeOf<Port> {
  static constexpr ObjectType value = ObjectType::Port;
};

}  // namespace kernel
