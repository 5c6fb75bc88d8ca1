// Cases from a review of the IPC code, each once a bug: a call that could
// not be delivered hung its caller; a failed send lost its handles; a
// PeerClosed overtook queued messages; a server could not call while
// holding a call; waiters on a closed end or port were never released; a
// process could write through its own read-only mapping of a membuf; a
// call with a deadline answered on the fast path left its caller on the
// timer queue, and the machine hung once the deadline passed.
#include "ipctest.h"

namespace ipctest {

namespace {

uint64_t kWords[4] = {1, 2, 3, 4};

struct Receiver {
  ipc::Handle handle;
  bool port;
  volatile int64_t status = 1;
};

// A thread without an IPC buffer, so it cannot take long messages.
alignas(16) uint8_t bare_stack[16384];
volatile int64_t bare_status = 1;
void bare_receiver(uint64_t end) {
  bare_status = ipc::channel_recv(static_cast<ipc::Handle>(end)).status;
  sys::thread_exit();
}

void receive(void* argument) {
  auto* r = static_cast<Receiver*>(argument);
  r->status = r->port ? ipc::port_wait(r->handle).status : ipc::channel_recv(r->handle).status;
}

struct Caller {
  ipc::Handle end;
  volatile int64_t status = 1;
};

void call_once(void* argument) {
  auto* c = static_cast<Caller*>(argument);
  c->status = ipc::call(c->end, 8, kWords).status;
}

// Answers calls through reply_wait (the fast path's reply) until its
// client's end closes.
void serve_on_port(void* argument) {
  auto port = static_cast<ipc::Handle>(reinterpret_cast<uintptr_t>(argument));
  ipc::Event e = ipc::port_wait(port);
  while (e.ok() && e.kind() == abi::EventKind::Call) e = ipc::reply_wait(port, 8, e.words);
  sys::thread_exit();
}

void spin_until(uint64_t time) {
  while (sys::read_time() < time) {
  }
}

template <typename F>
bool settle(F cond) {
  uint64_t end = deadline_in(ms(2000));
  while (!cond() && sys::read_time() < end) sys::sleep_until(deadline_in(ms(5)));
  return cond();
}

}  // namespace

int regressions() {
  const char* test = "regressions";
  int failures = 0;

  // A long call to a waiting receiver that has no IPC buffer fails at once.
  auto [a, b] = *ipc::channel_create();
  int64_t t = sys::thread_create(bare_receiver, reinterpret_cast<uint64_t>(bare_stack + sizeof bare_stack), b, 16);
  failures += !expect(t >= 0, test, "thread_create");
  sys::sleep_until(deadline_in(ms(20)));
  failures += !expect_error(ipc::call(a, abi::make_info(96, 0), kWords, deadline_in(ms(500))).status,
                            abi::Error::TooLarge, test, "long call to a receiver without a buffer");

  // A send refused for a full queue keeps its handle.
  auto [c, d] = *ipc::channel_create();
  for (int i = 0; i < 64; ++i) (void)ipc::channel_send(c, 8, kWords);
  auto port = *ipc::port_create();
  ipc::Message& m = ipc::buffer();
  m.bytes = 8;
  m.handle_count = 1;
  m.handles[0] = port;
  failures += !expect_error(code(ipc::send(c, m)), abi::Error::ShouldWait, test, "send to a full queue");
  failures += !expect(sys::handle_info(port) >= 0, test, "a refused send lost its handle");

  // Queued messages come before the PeerClosed of their end.
  auto [e, f] = *ipc::channel_create();
  auto p2 = *ipc::port_create();
  failures += !expect(ipc::port_bind(p2, f, 5).ok(), test, "bind");
  (void)ipc::channel_send(e, 8, kWords);
  drop(e);
  failures += !expect(ipc::port_wait(p2, 0).kind() == abi::EventKind::Message, test, "PeerClosed overtook a message");
  failures += !expect(ipc::port_wait(p2, 0).kind() == abi::EventKind::PeerClosed, test, "no PeerClosed after it");

  // A thread holding a call may call another server.
  auto [g, h] = *ipc::channel_create();
  auto [x, y] = *ipc::channel_create();
  Caller caller{g};
  failures += !expect(ipc::start_thread(call_once, &caller).ok(), test, "start_thread");
  ipc::Event got = ipc::channel_recv(h, deadline_in(ms(200)));
  failures += !expect(got.ok() && got.kind() == abi::EventKind::Call, test, "call not received");
  failures += !expect_error(ipc::call(x, 8, kWords, deadline_in(ms(20))).status, abi::Error::TimedOut, test,
                            "nested call (nobody answers it)");
  failures += !expect(ipc::reply(8, kWords).ok(), test, "reply after a nested call");
  failures += !expect(settle([&] { return caller.status != 1; }) && caller.status == 0, test, "first caller not answered");

  // Waiters on an end or a port whose last handle closes are released.
  auto [i, j] = *ipc::channel_create();
  Receiver on_end{i, false};
  failures += !expect(ipc::start_thread(receive, &on_end).ok(), test, "start_thread");
  sys::sleep_until(deadline_in(ms(20)));
  drop(i);
  failures += !expect(settle([&] { return on_end.status != 1; }), test, "channel_recv on a closed end hangs");
  auto p3 = *ipc::port_create();
  Receiver on_port{p3, true};
  failures += !expect(ipc::start_thread(receive, &on_port).ok(), test, "start_thread");
  sys::sleep_until(deadline_in(ms(20)));
  drop(p3);
  failures += !expect(settle([&] { return on_port.status != 1; }), test, "port_wait on a closed port hangs");

  // process_write to oneself respects a read-only membuf mapping.
  int64_t buffer = sys::membuf_create(4096);
  int64_t read_only = sys::handle_dup(uint32_t(buffer), abi::rights::kMap | abi::rights::kRead);
  int64_t address = sys::membuf_map(uint32_t(read_only), 0, 0, 4096, abi::kProtRead);
  uint64_t value = 0x1234;
  int64_t r = sys::call(abi::Syscall::ProcessWrite, 0, uint64_t(address), reinterpret_cast<uint64_t>(&value), 8);
  failures += !expect_error(r, abi::Error::BadAddress, test, "process_write through a read-only mapping");
  failures += !expect(*reinterpret_cast<volatile uint64_t*>(address) == 0, test, "read-only buffer changed");
  // Calls with deadlines, answered with a short reply through reply_wait;
  // each deadline then passes while the caller runs, and the next call
  // waits on the timer queue again.
  auto [k, l] = *ipc::channel_create();
  auto p4 = *ipc::port_create();
  failures += !expect(ipc::port_bind(p4, l, 9).ok(), test, "bind");
  failures += !expect(ipc::start_thread(serve_on_port, reinterpret_cast<void*>(uintptr_t(p4))).ok(), test,
                      "start_thread");
  // A first call without a deadline: the server then waits in reply_wait,
  // so each call below is answered at once (its deadline is only there to
  // put the caller on the timer queue, and is long enough for a busy host).
  failures += !expect(ipc::call(k, 8, kWords).ok(), test, "a call without a deadline");
  for (int round = 0; round < 4; ++round) {
    uint64_t words[4] = {uint64_t(round), 0, 0, 0};
    uint64_t deadline = deadline_in(ms(500));
    ipc::Event e = ipc::call(k, 8, words, deadline);
    failures += !expect(e.ok() && e.words[0] == uint64_t(round), test, "a call with a deadline");
    spin_until(deadline + 1);
  }
  drop(k);
  sys::sleep_until(deadline_in(ms(20)));
  drop(l);
  drop(p4);

  drop(a);
  drop(c);
  drop(d);
  drop(f);
  drop(g);
  drop(h);
  drop(x);
  drop(y);
  drop(j);
  drop(uint32_t(buffer));
  drop(uint32_t(read_only));
  return failures;
}

}  // namespace ipctest
