#include "ipc/port.h"

#include "ipc/channel.h"
#include "ipc/transfer.h"
#include "object/thread.h"
#include "sched/scheduler.h"

namespace kernel {

namespace {

Thread* take_waiter(WaitQueue& waiters) {
  ListNode* n = waiters.list().pop_front();
  return container_of<Thread, &Thread::queue_node>(n);
}

}  // namespace

// Sources hold references to the port they are bound to, so nothing can be
// queued here when the last reference goes.
Port::~Port() = default;

void Port::post(PortPacket& packet) {
  if (packet.queued()) return;
  if (Thread* waiter = take_waiter(waiters_)) {
    deliver_packet(*waiter, packet);
    sched::wake(waiter, Error::Ok);
    return;
  }
  packets_.push_back(&packet.node);
}

void Port::withdraw(PortPacket& packet) {
  if (packet.queued()) List::remove(&packet.node);
}

void Port::mark_ready(ChannelEnd& end) {
  // (An end in service comes back when its service ends.)
  if (end.port_node.linked() || end.in_service()) return;
  if (Thread* waiter = take_waiter(waiters_)) {
    if (end.deliver_to_port_waiter(*waiter)) {
      sched::wake(waiter, Error::Ok);
      return;
    }
    waiters_.list().push_front(&waiter->queue_node);
  }
  if (end.has_items()) ready_.push_back(&end.port_node);
}

void Port::unmark_ready(ChannelEnd& end) {
  if (end.port_node.linked()) List::remove(&end.port_node);
}

// Messages first, then signals: a PeerClosed must not overtake the
// messages the peer sent before it closed. (The end a message put in
// service took its PeerClosed back, until the service ends.)
bool Port::deliver_next(Thread& receiver) {
  while (ListNode* n = ready_.front()) {
    ChannelEnd* end = container_of<ChannelEnd, &ChannelEnd::port_node>(n);
    // Round robin between sources: the end goes to the back if it has more
    // (and is not in service: end_service puts it back then).
    List::remove(n);
    bool delivered = end->deliver_to_port_waiter(receiver);
    if (end->has_items() && !end->in_service()) ready_.push_back(n);
    if (delivered) return true;
  }
  if (ListNode* n = packets_.pop_front()) {
    deliver_packet(receiver, *container_of<PortPacket, &PortPacket::node>(n));
    return true;
  }
  return false;
}

}  // namespace kernel
