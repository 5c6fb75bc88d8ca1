// libserver's loop (server::Server) against a scripted kernel
// (tests/host/fake_ipc): calls reach their source and are answered; a
// register message of 80 bytes arrives whole; a stale badge is refused and
// its handles closed; PeerClosed and ProcessExit end a source and close its
// handle (in the next wait, ipc::close_and_wait, when the loop goes on); a reply the kernel refuses becomes an error reply and its handles
// are closed; a parked call a one-way request names is taken back and
// answered with reply_wait (server::Server::answer); add_channel binds the
// new end with its slot's key in one call; Threads::AsNeeded
// serves locked and lets go of the lock in unlocked().
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "ipc/ipc.h"
#include "ipc/syscall.h"
#include "server/server.h"

namespace {

using ipc::Event;
using ipc::FakeKernel;

Event event(abi::EventKind kind, uint64_t badge, uint32_t handles = 0, uint64_t word0 = 0) {
  return Event{0, abi::make_info(32, handles, kind), {word0, 0, 0, 0}, badge};
}

// A request's header: ordinal 7 (the wire format's first two bytes).
constexpr uint64_t kOrdinal = 7;

int32_t error_of(const FakeKernel::Reply& reply) {
  int32_t error;
  std::memcpy(&error, reply.bytes.data() + 4, sizeof error);
  return error;
}

struct Recorder final : server::Source {
  void on_call(server::Call& call) override {
    ++calls;
    ipc::Message& m = call.message();
    received.assign(m.data, m.data + m.bytes);
    m.bytes = 8;  // an empty success reply: ordinal, 0, status 0
    std::memset(m.data, 0, 8);
    m.handle_count = reply_handles;
    for (uint32_t i = 0; i < reply_handles; ++i) m.handles[i] = 50 + i;
  }
  void on_closed() override { ++closed; }
  void on_exit(int64_t status) override { exit_status = status; }

  int calls = 0;
  std::vector<uint8_t> received;  // the last call's payload
  int closed = 0;
  int64_t exit_status = -1;
  uint32_t reply_handles = 0;
};

// Answers each one-way message on the parked call its first word names
// (as a file system answers vfs's openFor), with an 8-byte reply.
struct OneWayAnswerer final : server::Source {
  explicit OneWayAnswerer(server::Server& s) : server(s) {}
  void on_event(const ipc::Event& event) override {
    ipc::Message& m = ipc::take(event);
    auto parked = static_cast<ipc::Handle>(event.words[0]);
    m.bytes = 8;
    std::memset(m.data, 0, 8);
    m.handle_count = 0;
    server.answer(parked, m);
  }
  server::Server& server;
};

// A server (one thread) on a fresh scripted kernel.
struct Fixture {
  Fixture() { REQUIRE(s.init().ok()); }
  ~Fixture() { CHECK_FALSE(kernel.ran_out); }  // every loop ended as its script said
  // What a wait returns next.
  void then(abi::EventKind kind, uint64_t badge, uint32_t handles = 0, uint64_t word0 = 0) {
    kernel.events.push_back(event(kind, badge, handles, word0));
  }

  FakeKernel& kernel = (FakeKernel::get().reset(), FakeKernel::get());
  server::Server s;
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "a call reaches its source and is answered with reply_wait") {
  Recorder r;
  auto key = s.add(10, &r);
  REQUIRE(key.ok());
  then(abi::EventKind::Call, *key, 0, kOrdinal);
  then(abi::EventKind::PeerClosed, *key);
  CHECK(kernel.announced == 0);
  CHECK(s.run() == 0);
  CHECK(kernel.announced == 1);  // the service said it serves before it waited
  CHECK(r.calls == 1);
  REQUIRE(kernel.replies.size() == 1);
  CHECK(error_of(kernel.replies[0]) == 0);
}

TEST_CASE_FIXTURE(Fixture, "a register message of 80 bytes reaches its source whole, t-register words included") {
  Recorder r;
  auto key = s.add(10, &r);
  REQUIRE(key.ok());
  Event call{0, abi::make_info(80, 0, abi::EventKind::Call), {kOrdinal, 1, 2, 3, 4, 5, 6, 7, 8, 9}, *key};
  kernel.events.push_back(call);
  then(abi::EventKind::PeerClosed, *key);
  CHECK(s.run() == 0);
  REQUIRE(r.received.size() == 80);
  uint64_t words[10];
  std::memcpy(words, r.received.data(), sizeof words);
  for (uint64_t i = 1; i < 10; ++i) CHECK(words[i] == i);
}

TEST_CASE_FIXTURE(Fixture, "a stale badge is refused with BadHandle and the request's handles are closed") {
  Recorder gone, kept;
  auto stale = s.add(10, &gone);
  auto first = s.add(11, &kept);
  REQUIRE(first.ok());
  s.remove(*stale);
  CHECK(kernel.closed.count(10));
  auto reused = s.add(12, &kept);  // may take the freed slot: a new generation
  REQUIRE(reused.ok());
  CHECK(*reused != *stale);
  ipc::buffer().handles[0] = 77;
  then(abi::EventKind::Call, *stale, 1, kOrdinal);
  then(abi::EventKind::PeerClosed, *first);
  then(abi::EventKind::PeerClosed, *reused);
  CHECK(s.run() == 0);
  CHECK(gone.calls == 0);
  CHECK(kept.calls == 0);
  REQUIRE(kernel.replies.size() == 1);
  CHECK(error_of(kernel.replies[0]) == int32_t(Error::BadHandle));
  CHECK(kernel.closed.count(77));
}

TEST_CASE_FIXTURE(Fixture, "PeerClosed ends a source, and the loop ends with the last one") {
  Recorder a, b;
  auto ka = s.add(10, &a);
  auto kb = s.add(11, &b);
  then(abi::EventKind::PeerClosed, *ka);
  then(abi::EventKind::PeerClosed, *ka);  // stale: ignored
  then(abi::EventKind::PeerClosed, *kb);
  CHECK(s.run() == 0);
  CHECK(a.closed == 1);
  CHECK(b.closed == 1);
  CHECK(kernel.closed.count(10));
  CHECK(kernel.closed.count(11));
  CHECK(s.sources() == 0);
  // a's handle went with the next wait (one syscall); b's, the last
  // source's, at once, as the loop ended without waiting.
  CHECK(kernel.closed_by_wait == std::vector<ipc::Handle>{10});
}

TEST_CASE_FIXTURE(Fixture, "ProcessExit brings the status to on_exit and forgets the process") {
  Recorder process;
  auto key = s.add(20, &process);
  then(abi::EventKind::ProcessExit, *key, 0, 42);
  CHECK(s.run() == 0);
  CHECK(process.exit_status == 42);
  CHECK(kernel.closed.count(20));
  CHECK(s.find(*key) == nullptr);
}

TEST_CASE_FIXTURE(Fixture, "a reply the kernel refuses becomes an error reply, and its handles are closed") {
  Recorder r;
  r.reply_handles = 2;
  auto key = s.add(10, &r);
  kernel.refuse_next_reply = Error::BadHandle;
  then(abi::EventKind::Call, *key, 0, kOrdinal);
  then(abi::EventKind::PeerClosed, *key);
  CHECK(s.run() == 0);
  CHECK(r.calls == 1);
  REQUIRE(kernel.replies.size() == 1);
  CHECK(error_of(kernel.replies[0]) == int32_t(Error::BadHandle));
  CHECK(abi::info_handles(kernel.replies[0].info) == 0);
  CHECK(kernel.closed.count(50));
  CHECK(kernel.closed.count(51));
}

TEST_CASE_FIXTURE(Fixture, "with Threads::AsNeeded handlers run locked, and unlocked() lets go around its body") {
  struct Caller final : server::Source {
    void on_call(server::Call& call) override {
      locked_before = ipc::fake_locked();
      Status inside = server->unlocked([&]() -> Status {
        locked_inside = ipc::fake_locked();
        return Error::TimedOut;
      });
      result = inside.error();
      locked_after = ipc::fake_locked();
      ipc::Message& m = call.message();
      m.bytes = 8;
      std::memset(m.data, 0, 8);
      m.handle_count = 0;
    }
    server::Server* server = nullptr;
    bool locked_before = false, locked_inside = true, locked_after = false;
    Error result = Error::Ok;
  };
  server::Server threaded;
  REQUIRE(threaded.init(server::Threads::AsNeeded).ok());
  Caller c;
  c.server = &threaded;
  auto key = threaded.add(10, &c);
  then(abi::EventKind::Call, *key, 0, kOrdinal);
  then(abi::EventKind::PeerClosed, *key);
  // Served out, a threaded server ends the process (its status: 0).
  int64_t status = -1;
  try {
    (void)threaded.run();
  } catch (const sys::ProcessExited& exited) {
    status = exited.status;
  }
  CHECK(status == 0);
  CHECK(c.locked_before);
  CHECK_FALSE(c.locked_inside);
  CHECK(c.locked_after);
  CHECK(c.result == Error::TimedOut);
  REQUIRE(kernel.replies.size() == 1);  // the call was answered (reply_wait, unlocked)
}

TEST_CASE_FIXTURE(Fixture, "a parked call a one-way message names is taken back and answered by reply_wait") {
  OneWayAnswerer a(s);
  auto key = s.add(10, &a);
  REQUIRE(key.ok());
  then(abi::EventKind::Message, *key, 0, 77);
  then(abi::EventKind::PeerClosed, *key);
  CHECK(s.run() == 0);
  CHECK(kernel.resumed == std::vector<ipc::Handle>{77});
  CHECK(kernel.answered.empty());
  CHECK(kernel.reply_waits == 1);  // the answer and the next wait were one syscall
  REQUIRE(kernel.replies.size() == 1);
  CHECK(kernel.closed.count(77) == 0);  // resume closed it in the kernel
}

TEST_CASE_FIXTURE(Fixture, "a parked call that cannot be taken back is answered with reply(parked)") {
  OneWayAnswerer a(s);
  auto key = s.add(10, &a);
  REQUIRE(key.ok());
  kernel.refuse_resume = Error::BadState;
  then(abi::EventKind::Message, *key, 0, 77);
  then(abi::EventKind::PeerClosed, *key);
  CHECK(s.run() == 0);
  CHECK(kernel.resumed.empty());
  CHECK(kernel.answered == std::vector<ipc::Handle>{77});
  CHECK(kernel.reply_waits == 0);
  CHECK(kernel.replies.size() == 1);
}

TEST_CASE_FIXTURE(Fixture, "a taken-back call whose answer the kernel refuses gets an error reply") {
  OneWayAnswerer a(s);
  auto key = s.add(10, &a);
  REQUIRE(key.ok());
  kernel.refuse_next_reply = Error::BadHandle;
  then(abi::EventKind::Message, *key, 0, 77);
  then(abi::EventKind::PeerClosed, *key);
  CHECK(s.run() == 0);
  CHECK(kernel.resumed == std::vector<ipc::Handle>{77});
  REQUIRE(kernel.replies.size() == 1);  // the error reply, sent with reply
  CHECK(error_of(kernel.replies[0]) == static_cast<int32_t>(Error::BadHandle));
}

TEST_CASE_FIXTURE(Fixture, "add_channel binds the new end with its slot's key, and its source serves it") {
  auto* r = new Recorder;
  server::Key key = 0;
  auto client = s.add_channel(r, &key);
  REQUIRE(client.ok());
  REQUIRE(kernel.binds.size() == 1);
  CHECK(kernel.binds[0].second == key);
  CHECK(kernel.binds[0].first != *client);
  CHECK(s.find(key) == r);
  then(abi::EventKind::Call, key, 0, kOrdinal);
  then(abi::EventKind::PeerClosed, key);
  CHECK(s.run() == 0);
  CHECK(kernel.closed.count(kernel.binds[0].first));  // the server's end, closed when the peer went
  CHECK(kernel.replies.size() == 1);
}
