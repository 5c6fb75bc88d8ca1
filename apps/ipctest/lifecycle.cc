// Ends closing, queues filling, limits, handle transfer, dying servers,
// deadlines.
#include <string.h>

#include "ipctest.h"

namespace ipctest {

namespace {

uint64_t kWords[4] = {11, 22, 33, 44};

struct Waiter {
  ipc::Handle end;
  volatile int64_t status = 1;
};

void receive_once(void* argument) {
  auto* w = static_cast<Waiter*>(argument);
  w->status = ipc::channel_recv(w->end).status;
}

void call_once(void* argument) {
  auto* w = static_cast<Waiter*>(argument);
  w->status = ipc::call(w->end, 8, kWords).status;
}

// Lets other threads run until cond() or the timeout.
template <typename F>
bool settle(F cond) {
  uint64_t end = deadline_in(ms(2000));
  while (!cond() && sys::read_time() < end) sys::sleep_until(deadline_in(ms(5)));
  return cond();
}

}  // namespace

int peer_closed() {
  const char* test = "peerclosed";
  int failures = 0;
  auto [a, b] = *ipc::channel_create();
  // A thread blocked receiving learns of the close.
  Waiter receiver{a};
  if (!expect(ipc::start_thread(receive_once, &receiver).ok(), test, "start_thread failed")) return 1;
  sys::sleep_until(deadline_in(ms(20)));
  drop(b);
  failures += !expect(settle([&] { return receiver.status != 1; }), test, "receiver never woke");
  failures += !expect_error(receiver.status, abi::Error::PeerClosed, test, "recv after peer closed");
  failures += !expect_error(code(ipc::channel_send(a, 8, kWords)), abi::Error::PeerClosed, test, "send to closed");
  failures += !expect_error(ipc::call(a, 8, kWords).status, abi::Error::PeerClosed, test, "call to closed");

  // A caller waiting on an end whose last handle closes learns it too.
  auto [c, d] = *ipc::channel_create();
  Waiter caller{c};
  if (!expect(ipc::start_thread(call_once, &caller).ok(), test, "start_thread failed")) return 1;
  sys::sleep_until(deadline_in(ms(20)));
  drop(d);
  failures += !expect(settle([&] { return caller.status != 1; }), test, "caller never woke");
  failures += !expect_error(caller.status, abi::Error::PeerClosed, test, "pending call when server end closed");

  // A port bound to the end gets a PeerClosed event with the end's badge.
  auto [e, f] = *ipc::channel_create();
  auto port = *ipc::port_create();
  if (!expect(ipc::port_bind(port, e, 77).ok(), test, "port_bind failed")) return 1;
  drop(f);
  ipc::Event event = ipc::port_wait(port, deadline_in(ms(100)));
  failures += !expect(event.ok() && event.kind() == abi::EventKind::PeerClosed && event.badge == 77, test,
                      "port did not report the closed peer");
  drop(a);
  drop(c);
  drop(e);
  drop(port);
  return failures;
}

int queue_full() {
  const char* test = "queuefull";
  int failures = 0;
  auto [a, b] = *ipc::channel_create();
  int sent = 0;
  while (sent < 1000) {
    uint64_t words[4] = {uint64_t(sent), 0, 0, 0};
    Status s = ipc::channel_send(a, 8, words);
    if (!s) {
      failures += !expect_error(code(s), abi::Error::ShouldWait, test, "send to a full queue");
      break;
    }
    ++sent;
  }
  failures += !expect(sent == 64, test, "queue bound is not 64");
  for (int i = 0; i < sent; ++i) {
    ipc::Event e = ipc::channel_recv(b, 0);
    if (!expect(e.ok() && e.words[0] == uint64_t(i) && e.kind() == abi::EventKind::Message, test,
                "messages out of order")) {
      return failures + 1;
    }
  }
  failures += !expect_error(ipc::channel_recv(b, 0).status, abi::Error::TimedOut, test, "recv on an empty queue");
  drop(a);
  drop(b);
  return failures;
}

int too_large() {
  const char* test = "toolarge";
  int failures = 0;
  auto [a, b] = *ipc::channel_create();
  failures += !expect_error(code(ipc::channel_send(a, abi::make_info(4097, 0), kWords)), abi::Error::TooLarge, test,
                            "4097-byte message");
  failures += !expect_error(code(ipc::channel_send(a, abi::make_info(8, 5), kWords)), abi::Error::TooLarge, test,
                            "five handles");
  failures += !expect_error(ipc::call(a, abi::make_info(5000, 0), kWords).status, abi::Error::TooLarge, test,
                            "5000-byte call");
  // The largest message goes through intact.
  ipc::Message& m = ipc::buffer();
  m.bytes = 4096;
  m.handle_count = 0;
  for (int i = 0; i < 4096; ++i) m.data[i] = uint8_t(i * 7);
  failures += !expect(ipc::send(a, m).ok(), test, "4096-byte send failed");
  memset(m.data, 0, sizeof m.data);
  ipc::Message& got = ipc::take(ipc::channel_recv(b, 0));
  bool same = got.bytes == 4096;
  for (int i = 0; i < 4096 && same; ++i) same = got.data[i] == uint8_t(i * 7);
  failures += !expect(same, test, "4096-byte message corrupted");
  drop(a);
  drop(b);
  return failures;
}

int transfer() {
  const char* test = "transfer";
  int failures = 0;
  auto [a, b] = *ipc::channel_create();
  auto port = *ipc::port_create();
  ipc::Message& m = ipc::buffer();
  m.bytes = 8;
  m.handle_count = 1;
  m.handles[0] = port;
  failures += !expect(ipc::send(a, m).ok(), test, "send with a handle failed");
  // The handle moved: it is gone from the sender.
  failures += !expect_error(sys::handle_info(port), abi::Error::BadHandle, test, "sent handle still usable");
  ipc::Event e = ipc::channel_recv(b, 0);
  failures += !expect(e.ok() && e.handle_count() == 1, test, "handle not received");
  ipc::Handle received = ipc::buffer().handles[0];
  failures += !expect((sys::handle_info(received) >> 32) == int64_t(abi::ObjectType::Port), test,
                      "received handle is not the port");
  // A handle without the transfer right cannot be sent, and nothing moves.
  auto pinned = *ipc::duplicate(received, abi::rights::kRead);
  m.bytes = 8;
  m.handle_count = 1;
  m.handles[0] = pinned;
  failures += !expect_error(code(ipc::send(a, m)), abi::Error::AccessDenied, test, "send without transfer right");
  failures += !expect(sys::handle_info(pinned) >= 0, test, "failed send took the handle");
  // Sending the same handle twice in one message is refused.
  m.handle_count = 2;
  m.handles[0] = received;
  m.handles[1] = received;
  failures += !expect_error(code(ipc::send(a, m)), abi::Error::InvalidArgument, test, "duplicate handle in message");
  drop(a);
  drop(b);
  return failures;
}

int server_dies() {
  const char* test = "serverdies";
  int failures = 0;
  // The server receives the call and then faults: the caller must not hang.
  auto [a, b] = *ipc::channel_create();
  const char* argv[] = {"ipctest", "serve-and-die"};
  ipc::Handle handles[] = {b};
  auto child = ipc::spawn(argv, handles);
  if (!expect(child.ok(), test, "spawn failed")) return 1;
  failures += !expect_error(ipc::call(a, 8, kWords).status, abi::Error::PeerClosed, test, "call to a dying server");
  int64_t status = ipc::wait(*child);
  failures += !expect(status & abi::kExitFault, test, "server did not die by its fault");

  // A server killed while it holds the call.
  auto [c, d] = *ipc::channel_create();
  const char* hold[] = {"ipctest", "serve-and-die", "hold"};
  ipc::Handle handles2[] = {d};
  auto holder = *ipc::spawn(hold, handles2);
  Waiter caller{c};
  if (!expect(ipc::start_thread(call_once, &caller).ok(), test, "start_thread failed")) return 1;
  sys::sleep_until(deadline_in(ms(50)));
  failures += !expect(caller.status == 1, test, "call finished before the kill");
  failures += !expect(sys::process_kill(holder) == 0, test, "kill failed");
  failures += !expect(settle([&] { return caller.status != 1; }), test, "caller hangs after the kill");
  failures += !expect_error(caller.status, abi::Error::PeerClosed, test, "call to a killed server");
  drop(a);
  drop(c);
  return failures;
}

int serve_and_die(int argc, char** argv) {
  ipc::Handle end = ipc::startup_handles()[0];
  ipc::Event e = ipc::channel_recv(end);
  if (!e.ok() || e.kind() != abi::EventKind::Call) return 3;
  if (argc > 2) {
    for (;;) sys::yield();  // hold the call until killed
  }
  *reinterpret_cast<volatile int*>(0) = 1;  // die holding the call
  return 4;
}

int timeouts() {
  const char* test = "timeouts";
  int failures = 0;
  auto [a, b] = *ipc::channel_create();
  uint64_t start = sys::read_time();
  failures += !expect_error(ipc::call(a, 8, kWords, deadline_in(ms(30))).status, abi::Error::TimedOut, test,
                            "call nobody answers");
  failures += !expect(sys::read_time() - start >= ms(30), test, "call timed out early");
  auto port = *ipc::port_create();
  failures += !expect_error(ipc::port_wait(port, deadline_in(ms(10))).status, abi::Error::TimedOut, test,
                            "empty port");
  failures += !expect_error(ipc::channel_recv(b, deadline_in(ms(10))).status, abi::Error::TimedOut, test,
                            "empty channel");
  // The timed-out call left nothing behind: a receiver finds no call.
  failures += !expect_error(ipc::channel_recv(b, 0).status, abi::Error::TimedOut, test, "stale call left queued");
  drop(a);
  drop(b);
  drop(port);
  return failures;
}

}  // namespace ipctest
