// One event of a source at a time (kernel/ipc/channel.h, docs/ipc.md): a
// port hands out nothing more of a channel end whose message a thread
// took until that thread waits on a port again, exits, or the end goes;
// other ends' events go to the port's other waiters meanwhile, and calls
// start no service.
#include <doctest/doctest.h>

#include "ipc_actors.h"

using namespace host_ipc;

namespace {

// A server process with a port and two threads (actors) waiting on it, and
// a client process with a channel to it bound with `badge`.
struct PortSetup {
  Actor client, first, second;
  RefPtr<Port> port = RefPtr<Port>::adopt(make_object<Port>());
  Channel x{client, first};
  Channel y{client, first};
  PortSetup() {
    first.give(port.get());
    x.b->bind(*port, 1);
    y.b->bind(*port, 2);
  }
  bool waiting(const Actor& a) const { return a.thread->state == ThreadState::Blocked; }
};

}  // namespace

TEST_CASE("an end in service holds its events; the port's other waiters get other ends'") {
  HeapCheck heap;
  PortSetup s;
  REQUIRE(send(s.client, *s.x.b, 1).ok());
  REQUIRE(send(s.client, *s.x.b, 2).ok());
  REQUIRE(send(s.client, *s.y.b, 3).ok());
  REQUIRE(receive(s.first, *s.port) == 0);
  CHECK(s.first.word(0) == 1);
  CHECK(s.x.b->in_service() == s.first.thread.get());
  REQUIRE(receive(s.second, *s.port) == 0);
  CHECK(s.second.badge() == 2);
  CHECK(s.second.word(0) == 3);
  // Its wait ends y's service; x's message 2 stays with x.
  REQUIRE(receive(s.second, *s.port) == kWaits);
  CHECK(s.y.b->in_service() == nullptr);
  CHECK(s.x.b->has_items());
  // The first thread waits again: message 2 goes to the thread waiting.
  REQUIRE(receive(s.first, *s.port) == kWaits);
  CHECK(s.second.thread->state == ThreadState::Ready);
  CHECK(s.second.word(0) == 2);
  CHECK(s.x.b->in_service() == s.second.thread.get());
  CHECK(s.first.thread->serving == nullptr);
}

TEST_CASE("a PeerClosed posted before the message was taken waits for the message's service to end") {
  HeapCheck heap;
  PortSetup s;
  REQUIRE(send(s.client, *s.x.b, 1).ok());
  REQUIRE(s.client.process->close_handle(s.x.a_handle).ok());
  CHECK(s.port->has_items());
  REQUIRE(receive(s.first, *s.port) == 0);
  CHECK(s.first.kind() == abi::EventKind::Message);
  // The packet went back: the port has nothing for the second thread.
  CHECK(!s.port->has_items());
  REQUIRE(receive(s.second, *s.port) == kWaits);
  SUBCASE("the serving thread waits again") { REQUIRE(receive(s.first, *s.port) == kWaits); }
  SUBCASE("the serving thread exits") { s.first.die(); }
  CHECK(s.second.thread->state == ThreadState::Ready);
  CHECK(s.second.kind() == abi::EventKind::PeerClosed);
  CHECK(s.second.badge() == 1);
}

TEST_CASE("a PeerClosed during the service comes after the end's last message") {
  HeapCheck heap;
  PortSetup s;
  REQUIRE(send(s.client, *s.x.b, 1).ok());
  REQUIRE(receive(s.first, *s.port) == 0);
  REQUIRE(send(s.client, *s.x.b, 2).ok());
  REQUIRE(s.client.process->close_handle(s.x.a_handle).ok());
  REQUIRE(receive(s.second, *s.port) == kWaits);
  // The first thread's wait hands message 2 to the second; the PeerClosed
  // waits for that service in turn.
  REQUIRE(receive(s.first, *s.port) == kWaits);
  CHECK(s.second.word(0) == 2);
  CHECK(s.waiting(s.first));
  REQUIRE(receive(s.second, *s.port) == kWaits);
  CHECK(s.first.thread->state == ThreadState::Ready);
  CHECK(s.first.kind() == abi::EventKind::PeerClosed);
}

TEST_CASE("calls start no service, and a call on an end in service waits for it") {
  HeapCheck heap;
  PortSetup s;
  Actor caller, other_caller;
  SUBCASE("two calls on one end are served at once") {
    call(caller, *s.x.b, 1);
    call(other_caller, *s.x.b, 2);
    REQUIRE(receive(s.first, *s.port) == 0);
    CHECK(s.first.kind() == abi::EventKind::Call);
    CHECK(s.x.b->in_service() == nullptr);
    REQUIRE(receive(s.second, *s.port) == 0);
    CHECK(s.second.word(0) == 2);
  }
  SUBCASE("a call after a message waits for the message's service") {
    REQUIRE(send(s.client, *s.x.b, 1).ok());
    REQUIRE(receive(s.first, *s.port) == 0);
    REQUIRE(receive(s.second, *s.port) == kWaits);
    call(caller, *s.x.b, 2);
    CHECK(s.waiting(s.second));
    REQUIRE(receive(s.first, *s.port) == kWaits);
    CHECK(s.second.thread->state == ThreadState::Ready);
    CHECK(s.second.kind() == abi::EventKind::Call);
    CHECK(s.second.word(0) == 2);
    CHECK(s.second.thread->caller == caller.thread.get());
    TrapFrame& r = *s.second.thread->frame;
    r.x[kA1] = abi::make_info(8, 0);
    REQUIRE(reply_to_caller(*s.second.thread, r).ok());
  }
}

TEST_CASE("an end that goes, or is bound elsewhere, ends its service") {
  HeapCheck heap;
  PortSetup s;
  REQUIRE(send(s.client, *s.x.b, 1).ok());
  REQUIRE(send(s.client, *s.x.b, 2).ok());
  REQUIRE(receive(s.first, *s.port) == 0);
  SUBCASE("its last handle closes") {
    REQUIRE(s.first.process->close_handle(s.x.b_handle).ok());
    CHECK(s.first.thread->serving == nullptr);
  }
  SUBCASE("it is bound to another port") {
    auto other = bound_port(s.first, *s.x.b, 9);
    CHECK(s.first.thread->serving == nullptr);
    CHECK(s.x.b->in_service() == nullptr);
    REQUIRE(receive(s.second, *other) == 0);
    CHECK(s.second.word(0) == 2);
    CHECK(s.second.badge() == 9);
  }
  CHECK(receive(s.first, *s.port) == kWaits);
}

TEST_CASE("a call from the serving thread ends its service") {
  HeapCheck heap;
  PortSetup s;
  Actor callee;
  Channel out(s.first, callee);
  REQUIRE(send(s.client, *s.x.b, 1).ok());
  REQUIRE(send(s.client, *s.x.b, 2).ok());
  REQUIRE(receive(s.first, *s.port) == 0);
  REQUIRE(receive(s.second, *s.port) == kWaits);
  call(s.first, *out.b, 7);
  CHECK(s.second.thread->state == ThreadState::Ready);
  CHECK(s.second.word(0) == 2);
}
