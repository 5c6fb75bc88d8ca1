// One event of a source at a time (docs/ipc.md): two threads on one port,
// a peer that sends a message and then closes. The PeerClosed must not
// reach the second thread while the first still serves the message; it
// comes once the first waits on a port again, or exits.
#include "ipctest.h"

namespace ipctest {

namespace {

constexpr uint64_t kWords[4] = {7, 0, 0, 0};

bool is_event(const ipc::Event& e, abi::EventKind kind, uint64_t badge) {
  return e.ok() && e.kind() == kind && e.badge == badge;
}

// The second thread: takes what the port gives it while the first thread
// serves a message, reporting each wait's outcome on `done`.
struct Second {
  ipc::Handle port;
  ipc::Handle done;  // a message here: a step is recorded
  ipc::Handle go;    // exit_holding: a message here lets it end
  ipc::Event first{}, second{}, third{};
};

void notify(ipc::Handle done) { (void)ipc::channel_send(done, 8, kWords); }

void take_three(void* argument) {
  auto* s = static_cast<Second*>(argument);
  s->first = ipc::port_wait(s->port, deadline_in(ms(2000)));
  // The first thread still serves the end whose PeerClosed is due.
  s->second = ipc::port_wait(s->port, deadline_in(ms(50)));
  notify(s->done);
  s->third = ipc::port_wait(s->port, deadline_in(ms(2000)));
  notify(s->done);
}

// Takes a message and ends while still in its service (channel_recv is
// no port wait).
void exit_holding(void* argument) {
  auto* s = static_cast<Second*>(argument);
  s->first = ipc::port_wait(s->port, deadline_in(ms(2000)));
  notify(s->done);
  (void)ipc::channel_recv(s->go, deadline_in(ms(2000)));
}

bool step_done(ipc::Handle done) { return ipc::channel_recv(done, deadline_in(ms(4000))).ok(); }

// This thread takes a message of `served` and the peer closes; the second
// thread gets another source's message but not the PeerClosed, which
// comes once this thread waits on a port (another one) again.
int while_serving(const char* test, ipc::Handle port, ipc::Handle done_send, ipc::Handle done) {
  int failures = 0;
  auto [a, served] = *ipc::channel_create();
  auto [c, other] = *ipc::channel_create();
  auto empty = *ipc::port_create();
  if (!ipc::port_bind(port, served, 1) || !ipc::port_bind(port, other, 2)) return 1;
  (void)ipc::channel_send(a, 8, kWords);
  failures += !expect(is_event(ipc::port_wait(port, deadline_in(ms(1000))), abi::EventKind::Message, 1), test,
                      "the first thread did not get the message");
  drop(a);  // its PeerClosed: held while this thread serves the message
  (void)ipc::channel_send(c, 8, kWords);
  static Second second;
  second = Second{port, done_send, 0};
  if (!expect(ipc::start_thread(take_three, &second).ok(), test, "start_thread failed")) return 1;
  failures += !expect(step_done(done), test, "the second thread never reported");
  failures += !expect(is_event(second.first, abi::EventKind::Message, 2), test,
                      "another source's message did not reach the second thread");
  failures += !expect_error(second.second.status, abi::Error::TimedOut, test,
                            "the second thread got an event (the PeerClosed) while the first served the message");
  // Waiting (on any port, even a poll) ends this thread's service.
  failures += !expect_error(ipc::port_wait(empty, 0).status, abi::Error::TimedOut, test, "poll of an empty port");
  failures += !expect(step_done(done), test, "the second thread never reported again");
  failures += !expect(is_event(second.third, abi::EventKind::PeerClosed, 1), test,
                      "the PeerClosed did not come once the first thread waited again");
  drop(served);
  drop(c);
  drop(other);
  drop(empty);
  return failures;
}

// A message and its peer's PeerClosed are both queued before anyone
// waits; the thread that takes the message ends still serving it: the
// PeerClosed goes to the port's other waiter then, not before.
int until_exit(const char* test, ipc::Handle port, ipc::Handle done_send, ipc::Handle done) {
  int failures = 0;
  auto [g, served] = *ipc::channel_create();
  auto [go_send, go] = *ipc::channel_create();
  if (!ipc::port_bind(port, served, 3)) return 1;
  (void)ipc::channel_send(g, 8, kWords);
  drop(g);
  static Second second;
  second = Second{port, done_send, go};
  auto thread = ipc::start_thread(exit_holding, &second);
  if (!expect(thread.ok(), test, "start_thread failed")) return 1;
  failures += !expect(step_done(done), test, "the thread never reported");
  failures += !expect(is_event(second.first, abi::EventKind::Message, 3), test, "the message did not come first");
  failures += !expect_error(ipc::port_wait(port, deadline_in(ms(50))).status, abi::Error::TimedOut, test,
                            "the PeerClosed came while the message was served");
  notify(go_send);
  failures += !expect(is_event(ipc::port_wait(port, deadline_in(ms(2000))), abi::EventKind::PeerClosed, 3), test,
                      "the PeerClosed did not come when the serving thread ended");
  drop(*thread);
  drop(served);
  drop(go_send);
  drop(go);
  return failures;
}

}  // namespace

int source_order() {
  const char* test = "sourceorder";
  auto port = *ipc::port_create();
  auto [done_send, done] = *ipc::channel_create();
  int failures = while_serving(test, port, done_send, done);
  failures += until_exit(test, port, done_send, done);
  drop(port);
  drop(done_send);
  drop(done);
  return failures;
}

}  // namespace ipctest
