// The kernel's IPC objects on the host (kernel/ipc, kernel/object, run
// against tests/host/fake_kernel): message order, a full queue, closing
// with messages queued, handles in flight, call and reply when one side
// dies or gives up. Every case also checks that the kernel heap comes back
// to where it was: a reference leaked or dropped twice shows there (or
// under ASan).
#include <doctest/doctest.h>

#include <cstring>

#include "ipc/reply.h"
#include "ipc_actors.h"
#include "sched/scheduler.h"

using namespace host_ipc;

TEST_CASE("messages are received in the order they were sent") {
  HeapCheck heap;
  Actor sender, receiver;
  Channel c(sender, receiver);
  for (uint64_t w = 1; w <= 5; ++w) REQUIRE(send(sender, *c.b, w).ok());
  for (uint64_t w = 1; w <= 5; ++w) {
    REQUIRE(receive(receiver, *c.b) == 0);
    CHECK(receiver.word(0) == w);
    CHECK(receiver.kind() == abi::EventKind::Message);
  }
  CHECK(receive(receiver, *c.b) == kWaits);
  // A message for a waiting receiver goes straight to it.
  REQUIRE(send(sender, *c.b, 6).ok());
  CHECK(receiver.thread->state == ThreadState::Ready);
  CHECK(receiver.word(0) == 6);
}

TEST_CASE("a register-only message reuses the last one's storage; a longer one takes the heap") {
  HeapCheck heap;
  Actor sender, receiver;
  Channel c(sender, receiver);
  REQUIRE(send(sender, *c.b, 1).ok());
  REQUIRE(receive(receiver, *c.b) == 0);
  // The end keeps the delivered message's storage as its spare.
  size_t with_spare = heap_bytes_in_use();
  for (uint64_t w = 2; w <= 4; ++w) {
    REQUIRE(send(sender, *c.b, w).ok());
    CHECK(heap_bytes_in_use() == with_spare);
    REQUIRE(receive(receiver, *c.b) == 0);
    CHECK(receiver.word(0) == w);
  }
  // Two queued at once: the second needs the heap, and gives it back.
  REQUIRE(send(sender, *c.b, 5).ok());
  REQUIRE(send(sender, *c.b, 6).ok());
  CHECK(heap_bytes_in_use() > with_spare);
  REQUIRE(receive(receiver, *c.b) == 0);
  REQUIRE(receive(receiver, *c.b) == 0);
  CHECK(receiver.word(0) == 6);
  CHECK(heap_bytes_in_use() == with_spare);
  // A payload beyond the registers never lands in the spare's storage.
  TrapFrame& f = *sender.thread->frame;
  f.x[kA1] = abi::make_info(100, 0);
  for (int i = 0; i < 68; ++i) sender.buffer[abi::kIpcBufferDataOffset + abi::kIpcRegisterBytes + i] = uint8_t(i + 1);
  REQUIRE(send_message(*sender.thread, *c.b, f).ok());
  REQUIRE(receive(receiver, *c.b) == 0);
  CHECK(abi::info_length(receiver.thread->frame->x[kA1]) == 100);
  for (int i = 0; i < 68; ++i) {
    CHECK(receiver.buffer[abi::kIpcBufferDataOffset + abi::kIpcRegisterBytes + i] == uint8_t(i + 1));
  }
  CHECK(heap_bytes_in_use() == with_spare);
  // Unknown info bits are refused with or without a spare.
  f.x[kA1] = abi::make_info(8, 0) | (uint64_t{1} << 40);
  CHECK(send_message(*sender.thread, *c.b, f).error() == Error::InvalidArgument);
  CHECK(heap_bytes_in_use() == with_spare);
}

TEST_CASE("a full queue refuses with ShouldWait until a message is received") {
  HeapCheck heap;
  Actor sender, receiver;
  Channel c(sender, receiver);
  for (uint32_t i = 0; i < ChannelEnd::kMaxQueued; ++i) REQUIRE(send(sender, *c.b, i).ok());
  CHECK(send(sender, *c.b, 99).error() == Error::ShouldWait);
  REQUIRE(receive(receiver, *c.b) == 0);
  CHECK(receiver.word(0) == 0);
  CHECK(send(sender, *c.b, 100).ok());
  CHECK(send(sender, *c.b, 101).error() == Error::ShouldWait);
}

TEST_CASE("the peer sees every queued message before PeerClosed") {
  HeapCheck heap;
  Actor sender, receiver;
  Channel c(sender, receiver);
  for (uint64_t w = 1; w <= 3; ++w) REQUIRE(send(sender, *c.b, w).ok());
  REQUIRE(sender.process->close_handle(c.a_handle).ok());
  for (uint64_t w = 1; w <= 3; ++w) {
    REQUIRE(receive(receiver, *c.b) == 0);
    CHECK(receiver.word(0) == w);
  }
  CHECK(receive(receiver, *c.b) == int64_t(Error::PeerClosed));
}

TEST_CASE("through a port, PeerClosed comes after the messages sent before the close") {
  HeapCheck heap;
  Actor sender, receiver;
  Channel c(sender, receiver);
  auto port = RefPtr<Port>::adopt(make_object<Port>());
  receiver.give(port.get());
  bool bind_first = false;
  SUBCASE("bound before the messages") { bind_first = true; }
  SUBCASE("bound after the close") {}
  if (bind_first) c.b->bind(*port, 7);
  for (uint64_t w = 1; w <= 3; ++w) REQUIRE(send(sender, *c.b, w).ok());
  REQUIRE(sender.process->close_handle(c.a_handle).ok());
  if (!bind_first) c.b->bind(*port, 7);
  for (uint64_t w = 1; w <= 3; ++w) {
    REQUIRE(receive(receiver, *port) == 0);
    CHECK(receiver.kind() == abi::EventKind::Message);
    CHECK(receiver.word(0) == w);
    CHECK(receiver.badge() == 7);
  }
  REQUIRE(receive(receiver, *port) == 0);
  CHECK(receiver.kind() == abi::EventKind::PeerClosed);
  CHECK(receiver.badge() == 7);
  CHECK(receive(receiver, *port) == kWaits);
}

TEST_CASE("a thread waiting on the port takes the message; the rest of its end waits for its next wait") {
  HeapCheck heap;
  Actor sender, receiver, second;
  Channel c(sender, receiver);
  auto port = bound_port(receiver, *c.b, 3);
  REQUIRE(receive(receiver, *port) == kWaits);
  REQUIRE(send(sender, *c.b, 1).ok());
  REQUIRE(send(sender, *c.b, 2).ok());
  REQUIRE(sender.process->close_handle(c.a_handle).ok());
  CHECK(receiver.thread->state == ThreadState::Ready);
  CHECK(receiver.word(0) == 1);
  // The end is in the receiver's service (docs/ipc.md): nothing more of it
  // goes to another thread until the receiver waits again.
  REQUIRE(receive(second, *port) == kWaits);
  REQUIRE(receive(receiver, *port) == kWaits);
  CHECK(second.thread->state == ThreadState::Ready);
  CHECK(second.word(0) == 2);
  REQUIRE(receive(second, *port) == kWaits);
  CHECK(receiver.thread->state == ThreadState::Ready);
  CHECK(receiver.kind() == abi::EventKind::PeerClosed);
}

TEST_CASE("a channel_recv takes a call queued before a message first, then the message") {
  HeapCheck heap;
  Actor client, sender, server;
  Channel calls(client, server);
  call(client, *calls.b, 41);
  REQUIRE(send(sender, *calls.b, 7).ok());
  REQUIRE(receive(server, *calls.b) == 0);
  CHECK(server.kind() == abi::EventKind::Call);
  CHECK(server.word(0) == 41);
  TrapFrame& r = *server.thread->frame;
  r.x[kA1] = abi::make_info(0, 0);
  REQUIRE(reply_to_caller(*server.thread, r).ok());
  REQUIRE(receive(server, *calls.b) == 0);
  CHECK(server.kind() == abi::EventKind::Message);
  CHECK(server.word(0) == 7);
  CHECK(receive(server, *calls.b) == kWaits);
}

TEST_CASE("the last message taken by channel_recv takes its end off the port's ready list") {
  HeapCheck heap;
  Actor sender, receiver, waiter;
  Channel c(sender, receiver);
  auto port = bound_port(receiver, *c.b, 5);
  REQUIRE(send(sender, *c.b, 1).ok());
  REQUIRE(send(sender, *c.b, 2).ok());
  CHECK(port->has_items());
  REQUIRE(receive(receiver, *c.b) == 0);
  CHECK(receiver.word(0) == 1);
  CHECK(port->has_items());  // one left
  REQUIRE(receive(receiver, *c.b) == 0);
  CHECK(receiver.word(0) == 2);
  CHECK(receiver.badge() == 5);
  CHECK_FALSE(port->has_items());
  CHECK(receive(waiter, *port) == kWaits);
}

TEST_CASE("a receiver waiting when the peer closes wakes with PeerClosed") {
  HeapCheck heap;
  Actor sender, receiver;
  Channel c(sender, receiver);
  REQUIRE(receive(receiver, *c.b) == kWaits);
  REQUIRE(sender.process->close_handle(c.a_handle).ok());
  CHECK(receiver.thread->state == ThreadState::Ready);
  CHECK(receiver.thread->wake_result == Error::PeerClosed);
  CHECK(receiver.thread->frame->x[kA0] == uint64_t(Error::PeerClosed));
  CHECK(c.b->peer_closed());
}

TEST_CASE("a handle in a message moves out of the sender and into the receiver") {
  HeapCheck heap;
  Actor sender, receiver;
  Channel c(sender, receiver);
  auto carried = RefPtr<Port>::adopt(make_object<Port>());
  HandleValue h = sender.give(carried.get());
  REQUIRE(send(sender, *c.b, 1, {h}).ok());
  CHECK(sender.process->handles().get(h).error() == Error::BadHandle);
  CHECK(carried->handle_count == 1);  // in flight, still a handle
  CHECK(c.b->holds_handles());
  REQUIRE(receive(receiver, *c.b) == 0);
  CHECK(abi::info_handles(receiver.thread->frame->x[kA1]) == 1);
  HandleValue arrived = receiver.handle_in_buffer(0);
  auto entry = receiver.process->handles().get(arrived);
  REQUIRE(entry.ok());
  CHECK((*entry)->object == carried.get());
  CHECK(!c.b->holds_handles());
  CHECK(carried->handle_count == 1);
}

TEST_CASE("only channel ends and processes may hold handles; any other object never does") {
  HeapCheck heap;
  CHECK(KernelObject::may_hold_handles(ObjectType::Channel));
  CHECK(KernelObject::may_hold_handles(ObjectType::Process));
  for (ObjectType type : {ObjectType::Thread, ObjectType::Port, ObjectType::MemBuffer, ObjectType::Reply}) {
    CHECK(!KernelObject::may_hold_handles(type));
  }
  auto port = RefPtr<Port>::adopt(make_object<Port>());
  CHECK(!port->holds_handles());
  Actor sender, receiver;
  Channel c(sender, receiver);
  CHECK(!c.b->holds_handles());
  auto carried = RefPtr<Port>::adopt(make_object<Port>());
  REQUIRE(send(sender, *c.b, 1, {sender.give(carried.get())}).ok());
  CHECK(c.b->holds_handles());
}

TEST_CASE("handles in messages nobody receives are closed with the queue") {
  HeapCheck heap;
  Actor sender, receiver;
  Channel c(sender, receiver);
  auto carried = RefPtr<Port>::adopt(make_object<Port>());
  HandleValue h = sender.give(carried.get());
  carried.reset();
  size_t with_port = heap_bytes_in_use();
  REQUIRE(send(sender, *c.b, 1, {h}).ok());
  REQUIRE(receiver.process->close_handle(c.b_handle).ok());
  // The queue, its message and the port it carried are all gone.
  CHECK(heap_bytes_in_use() < with_port);
  CHECK(c.a->peer_closed());
}

TEST_CASE("a refused message keeps its handles with the sender") {
  HeapCheck heap;
  Actor sender, receiver;
  Channel c(sender, receiver);
  for (uint32_t i = 0; i < ChannelEnd::kMaxQueued; ++i) REQUIRE(send(sender, *c.b, i).ok());
  auto carried = RefPtr<Port>::adopt(make_object<Port>());
  HandleValue h = sender.give(carried.get());
  carried.reset();
  CHECK(send(sender, *c.b, 1, {h}).error() == Error::ShouldWait);
  CHECK(sender.process->handles().get(h).ok());
  // Nor may an end travel into its own queue.
  Channel d(sender, receiver);
  HandleValue own = sender.give(d.b);
  CHECK(send(sender, *d.b, 1, {own}).error() == Error::InvalidArgument);
  CHECK(sender.process->handles().get(own).ok());
}

TEST_CASE("a call is received, answered, and the caller gets the reply") {
  HeapCheck heap;
  Actor client, server;
  Channel c(client, server);
  call(client, *c.b, 41);
  REQUIRE(receive(server, *c.b) == 0);
  CHECK(server.kind() == abi::EventKind::Call);
  CHECK(server.word(0) == 41);
  CHECK(server.thread->caller == client.thread.get());
  CHECK(client.thread->ipc_state == IpcState::AwaitingReply);
  TrapFrame& r = *server.thread->frame;
  r.x[kA1] = abi::make_info(8, 0);
  r.x[kA2] = 42;
  REQUIRE(reply_to_caller(*server.thread, r).ok());
  CHECK(server.thread->caller == nullptr);
  CHECK(client.thread->state == ThreadState::Ready);
  CHECK(client.thread->ipc_state == IpcState::None);
  CHECK(client.word(0) == 42);
}

TEST_CASE("a reply to a caller that died is dropped, and the caller's thread is freed") {
  HeapCheck heap;
  Actor server;
  auto* client = new Actor;
  Channel c(*client, server);
  call(*client, *c.b, 1);
  REQUIRE(receive(server, *c.b) == 0);
  delete client;  // killed while the server holds its call: the server's reference keeps its thread
  TrapFrame& r = *server.thread->frame;
  r.x[kA1] = abi::make_info(8, 0);
  CHECK(reply_to_caller(*server.thread, r).ok());
  CHECK(server.thread->caller == nullptr);
}

namespace {

// client's call on end, received by server and parked: its Reply.
RefPtr<Reply> parked_call(Actor& client, Actor& server, ChannelEnd& end) {
  call(client, end, 1);
  REQUIRE(receive(server, end) == 0);
  auto parked = Reply::park(*server.thread);
  REQUIRE(parked.ok());
  return RefPtr<Reply>::adopt(*parked);
}

}  // namespace

TEST_CASE("a parked call answered after its caller died is dropped") {
  HeapCheck heap;
  Actor server;
  auto* client = new Actor;
  Channel c(*client, server);
  auto reply = parked_call(*client, server, *c.b);
  HandleValue h = server.give(reply.get());
  delete client;
  TrapFrame& r = *server.thread->frame;
  r.x[kA1] = abi::make_info(8, 0);
  CHECK(reply->answer(*server.thread, r).ok());
  CHECK(reply->answer(*server.thread, r).error() == Error::BadState);
  REQUIRE(server.process->close_handle(h).ok());
}

TEST_CASE("a parked call taken back is the thread's held call again, answered as one") {
  HeapCheck heap;
  Actor client, server;
  Channel c(client, server);
  auto reply = parked_call(client, server, *c.b);
  CHECK(client.thread->parked_in == reply.get());
  CHECK(reply->resume(*server.thread).ok());
  CHECK(server.thread->caller == client.thread.get());
  CHECK(client.thread->replier == server.thread.get());
  CHECK(client.thread->parked_in == nullptr);
  // Taken once: the Reply holds nothing more, and a thread holding a call takes no other.
  CHECK(reply->resume(*server.thread).error() == Error::BadState);
  TrapFrame& r = *server.thread->frame;
  r.x[kA1] = abi::make_info(8, 0);
  r.x[kA2] = 5;
  CHECK(reply->answer(*server.thread, r).error() == Error::BadState);
  REQUIRE(reply_to_caller(*server.thread, r).ok());
  CHECK(client.thread->state == ThreadState::Ready);
  CHECK(client.word(0) == 5);
}

TEST_CASE("a parked call whose caller gave up, taken back, drops its answer") {
  HeapCheck heap;
  Actor client, server;
  Channel c(client, server);
  auto reply = parked_call(client, server, *c.b);
  ipc_abort(*client.thread);  // its deadline passed
  REQUIRE(reply->resume(*server.thread).ok());
  CHECK(client.thread->replier == nullptr);  // nobody waits for the answer
  TrapFrame& r = *server.thread->frame;
  r.x[kA1] = abi::make_info(8, 0);
  REQUIRE(reply_to_caller(*server.thread, r).ok());
  CHECK(server.thread->caller == nullptr);
  CHECK(client.thread->ipc_state == IpcState::None);
}

namespace {

// The invariant the fast path's reply relies on (Thread::replier): a
// thread has a replier only while it awaits a reply.
bool replier_only_while_awaiting(const Thread& t) { return !t.replier || t.ipc_state == IpcState::AwaitingReply; }

}  // namespace

TEST_CASE("a thread has a replier only while it awaits a reply: received, answered, given up, parked, resumed") {
  HeapCheck heap;
  Actor client, server;
  Channel c(client, server);
  // The server's answer: 8 bytes (its frame's info is the call's until then).
  auto answer = [&] {
    TrapFrame& r = *server.thread->frame;
    r.x[kA1] = abi::make_info(8, 0);
    return reply_to_caller(*server.thread, r);
  };

  call(client, *c.b, 1);
  CHECK(replier_only_while_awaiting(*client.thread));  // queued: Calling, no replier
  REQUIRE(receive(server, *c.b) == 0);
  CHECK(client.thread->replier == server.thread.get());
  CHECK(replier_only_while_awaiting(*client.thread));
  REQUIRE(answer().ok());
  CHECK(client.thread->replier == nullptr);
  CHECK(replier_only_while_awaiting(*client.thread));

  // Given up while the server holds it: the server still has the caller,
  // the caller no replier (so the fast path's reply leaves it alone).
  call(client, *c.b, 2);
  REQUIRE(receive(server, *c.b) == 0);
  ipc_abort(*client.thread);  // its deadline passed
  CHECK(server.thread->caller == client.thread.get());
  CHECK(client.thread->replier == nullptr);
  CHECK(replier_only_while_awaiting(*client.thread));
  REQUIRE(answer().ok());

  // Parked (no replier, still awaiting), resumed (the server again), given up.
  auto reply = parked_call(client, server, *c.b);
  CHECK(client.thread->replier == nullptr);
  CHECK(replier_only_while_awaiting(*client.thread));
  REQUIRE(reply->resume(*server.thread).ok());
  CHECK(client.thread->replier == server.thread.get());
  CHECK(replier_only_while_awaiting(*client.thread));
  ipc_abort(*client.thread);
  CHECK(client.thread->replier == nullptr);
  CHECK(replier_only_while_awaiting(*client.thread));
  REQUIRE(answer().ok());
}

TEST_CASE("a caller whose server dies holding the call wakes with PeerClosed") {
  HeapCheck heap;
  Actor client;
  auto* server = new Actor;
  Channel c(client, *server);
  call(client, *c.b, 1);
  REQUIRE(receive(*server, *c.b) == 0);
  delete server;
  CHECK(client.thread->state == ThreadState::Ready);
  CHECK(client.thread->frame->x[kA0] == uint64_t(Error::PeerClosed));
  CHECK(client.thread->ipc_state == IpcState::None);
}

TEST_CASE("a queued call that times out is withdrawn with its handles") {
  HeapCheck heap;
  Actor client, server;
  Channel c(client, server);
  auto carried = RefPtr<Port>::adopt(make_object<Port>());
  HandleValue h = client.give(carried.get());
  carried.reset();
  size_t with_port = heap_bytes_in_use();
  TrapFrame& f = *client.thread->frame;
  f.x[kA1] = abi::make_info(8, 1);
  std::memcpy(client.buffer + abi::kIpcBufferHandlesOffset, &h, sizeof h);
  REQUIRE(take_outgoing(*client.thread, f.x[kA1], client.thread->call_handles, c.b).ok());
  c.b->add_call(*client.thread);
  client.thread->state = ThreadState::Blocked;
  client.thread->resumes_in_user = true;
  CHECK(c.b->has_items());
  sched::wake(client.thread.get(), Error::TimedOut);
  CHECK(!c.b->has_items());
  CHECK(client.thread->ipc_state == IpcState::None);
  CHECK(client.thread->frame->x[kA0] == uint64_t(Error::TimedOut));
  CHECK(heap_bytes_in_use() < with_port);  // the port it carried is closed
  CHECK(receive(server, *c.b) == kWaits);
}

TEST_CASE("calls queued on an end that closes fail with PeerClosed") {
  HeapCheck heap;
  Actor client, server;
  Channel c(client, server);
  call(client, *c.b, 1);
  REQUIRE(server.process->close_handle(c.b_handle).ok());
  CHECK(client.thread->state == ThreadState::Ready);
  CHECK(client.thread->frame->x[kA0] == uint64_t(Error::PeerClosed));
}

TEST_CASE("a receiver whose wait timed out gets nothing more: the next message waits in the queue") {
  HeapCheck heap;
  Actor sender, receiver;
  Channel c(sender, receiver);
  auto port = bound_port(receiver, *c.b, 1);
  Actor on_port;
  REQUIRE(receive(receiver, *c.b) == kWaits);
  REQUIRE(receive(on_port, *port) == kWaits);
  sched::wake(receiver.thread.get(), Error::TimedOut);
  sched::wake(on_port.thread.get(), Error::TimedOut);
  CHECK(receiver.thread->ipc_state == IpcState::None);
  CHECK(receiver.thread->frame->x[kA0] == uint64_t(Error::TimedOut));
  CHECK(port->waiters().empty());
  fake::woken().clear();
  REQUIRE(send(sender, *c.b, 5).ok());
  CHECK(fake::woken().empty());
  CHECK(port->has_items());
  REQUIRE(receive(receiver, *c.b) == 0);
  CHECK(receiver.word(0) == 5);
  CHECK(!port->has_items());
}

TEST_CASE("an unmap in a process makes every thread of it forget its buffer's pages") {
  HeapCheck heap;
  Actor first, other;
  auto second = RefPtr<Thread>::adopt(*Thread::create_user(first.process.get(), 0x10000, 0x20000, 0, Thread::kDefaultPriority));
  first.process->add_thread(second.get());
  alignas(8) uint8_t second_buffer[abi::kIpcBufferSize] = {};
  second->ipc_buffer = reinterpret_cast<uint64_t>(second_buffer);
  uint64_t end = abi::kIpcBufferDataOffset + 64;
  for (Thread* t : {first.thread.get(), second.get(), other.thread.get()}) {
    REQUIRE(t->ipc_pages.prepare(t->process->space(), t->ipc_buffer, end));
    REQUIRE(t->ipc_pages.tail_on_one_page(8));
  }
  REQUIRE(first.process->unmap_region(0x40000, abi::kPageSize).ok());
  CHECK(!first.thread->ipc_pages.tail_on_one_page(8));
  CHECK(!second->ipc_pages.tail_on_one_page(8));
  CHECK(!first.thread->ipc_pages.ready(first.process->space(), end));
  // Another process's threads keep theirs.
  CHECK(other.thread->ipc_pages.tail_on_one_page(8));
  second->state = ThreadState::Dead;
  first.process->thread_finished(second.get());
}
