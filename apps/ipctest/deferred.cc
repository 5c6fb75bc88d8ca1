// deferred: one server thread parks calls (reply_defer), serves others, and
// answers the parked ones later, out of order and from another thread; a
// caller that gives up or dies while parked is seen through a port; a
// parked call nobody answers fails with PeerClosed; a parked call taken
// back (reply_resume) is answered by reply_wait.
#include "ipctest.h"

namespace ipctest {

namespace {

const char* const kTest = "deferred";
constexpr int kClients = 3;
constexpr uint64_t kServerBadge = 7;
constexpr uint64_t kParkedBadge = 99;

struct Client {
  ipc::Handle end;
  uint64_t value;
  uint64_t deadline;
  volatile int64_t answer = -1;  // the reply's first word, or the error
  volatile bool done = false;
};

void run_client(void* argument) {
  auto* c = static_cast<Client*>(argument);
  uint64_t words[4] = {c->value, 0, 0, 0};
  ipc::Event e = ipc::call(c->end, 8, words, c->deadline);
  c->answer = e.ok() ? int64_t(e.words[0]) : code(e.error());
  c->done = true;
}

// Starts a client thread; its handle is dropped (the thread runs on).
bool start_client(Client& client) {
  auto thread = ipc::start_thread(run_client, &client);
  if (thread) drop(*thread);
  return thread.ok();
}

bool wait_for(const volatile bool& flag) {
  uint64_t end = deadline_in(ms(2000));
  while (!flag && sys::read_time() < end) sys::sleep_until(deadline_in(ms(2)));
  return flag;
}

struct Parked {
  ipc::Handle replies[kClients];
  uint64_t values[kClients];
  volatile bool done = false;
};

// Answers the parked calls in reverse order: value * 10.
void answer_all(void* argument) {
  auto* p = static_cast<Parked*>(argument);
  for (int i = kClients - 1; i >= 0; --i) {
    uint64_t words[4] = {p->values[i] * 10, 0, 0, 0};
    if (!ipc::reply(p->replies[i], 8, words)) return;
  }
  p->done = true;
}

// Takes the next call on port and parks it.
Result<ipc::Handle> park_next(ipc::Handle port, uint64_t* value = nullptr) {
  ipc::Event e = ipc::port_wait(port, deadline_in(ms(2000)));
  if (!e.ok()) return e.error();
  if (e.kind() != abi::EventKind::Call) return Error::BadState;
  if (value) *value = e.words[0];
  return ipc::defer();
}

int many_in_flight(ipc::Handle port, ipc::Handle client_end) {
  int failures = 0;
  Client clients[kClients];
  for (int i = 0; i < kClients; ++i) {
    clients[i].end = client_end;
    clients[i].value = uint64_t(i + 1);
    clients[i].deadline = abi::kForever;
    if (!start_client(clients[i])) return 1;
  }
  // One server thread holds all three calls at once.
  Parked parked;
  for (int i = 0; i < kClients; ++i) {
    auto reply = park_next(port, &parked.values[i]);
    if (!expect(reply.ok(), kTest, "a call could not be parked")) return 1;
    parked.replies[i] = *reply;
  }
  for (const Client& c : clients) failures += !expect(!c.done, kTest, "a parked call returned early");
  // Another thread answers, last first.
  auto answerer = ipc::start_thread(answer_all, &parked);
  if (!answerer) return failures + 1;
  drop(*answerer);
  failures += !expect(wait_for(parked.done), kTest, "answering the parked calls failed");
  for (Client& c : clients) {
    failures += !expect(wait_for(c.done), kTest, "a parked caller never got its reply");
    failures += !expect(c.answer == int64_t(c.value * 10), kTest, "a caller got another call's reply");
  }
  // The handle went with the answer.
  failures += !expect_error(sys::handle_info(parked.replies[0]), Error::BadHandle, kTest, "handle_info(answered)");
  return failures;
}

int caller_gives_up(ipc::Handle port, ipc::Handle client_end) {
  int failures = 0;
  Client client{client_end, 5, deadline_in(ms(30))};
  if (!start_client(client)) return 1;
  auto reply = park_next(port);
  if (!expect(reply.ok(), kTest, "the timed call could not be parked")) return 1;
  failures += !expect(ipc::port_bind(port, *reply, kParkedBadge).ok(), kTest, "binding the parked call failed");
  ipc::Event e = ipc::port_wait(port, deadline_in(ms(2000)));
  failures += !expect(e.ok() && e.kind() == abi::EventKind::PeerClosed && e.badge == kParkedBadge, kTest,
                      "the server was not told that the caller timed out");
  failures += !expect(wait_for(client.done) && client.answer == code(Error::TimedOut), kTest,
                      "the parked caller did not time out");
  uint64_t words[4] = {};
  failures += !expect(ipc::reply(*reply, 8, words).ok(), kTest, "a late answer is not dropped quietly");
  return failures;
}

int unanswered_call_fails(ipc::Handle port, ipc::Handle client_end) {
  int failures = 0;
  Client client{client_end, 6, abi::kForever};
  if (!start_client(client)) return 1;
  auto reply = park_next(port);
  if (!expect(reply.ok(), kTest, "the call could not be parked")) return 1;
  drop(*reply);
  failures += !expect(wait_for(client.done) && client.answer == code(Error::PeerClosed), kTest,
                      "closing a parked call did not fail it with PeerClosed");
  return failures;
}

// Two calls parked; the first taken back as the thread's held call (its
// handle closed), which then takes no other, and answered by reply_wait;
// the second answered through its handle.
int resumed_call_answered(ipc::Handle port, ipc::Handle client_end) {
  int failures = 0;
  Client first{client_end, 8, abi::kForever};
  Client second{client_end, 9, abi::kForever};
  if (!start_client(first)) return 1;
  auto first_reply = park_next(port);
  if (!start_client(second)) return 1;
  auto second_reply = park_next(port);
  if (!expect(first_reply.ok() && second_reply.ok(), kTest, "the calls could not be parked")) return 1;
  failures += !expect(ipc::resume(*first_reply).ok(), kTest, "reply_resume failed");
  failures += !expect_error(sys::handle_info(*first_reply), Error::BadHandle, kTest, "handle_info(resumed)");
  failures += !expect_error(sys::reply_resume(*second_reply), Error::BadState, kTest, "reply_resume holding a call");
  uint64_t words[4] = {80, 0, 0, 0};
  ipc::Event next = ipc::reply_wait(port, 8, words, deadline_in(ms(20)));
  failures += !expect(!next.ok() && next.error() == Error::TimedOut, kTest, "reply_wait after reply_resume");
  failures += !expect(wait_for(first.done) && first.answer == 80, kTest, "the resumed call got no answer");
  failures += !expect(!second.done, kTest, "the other parked call returned early");
  words[0] = 90;
  failures += !expect(ipc::reply(*second_reply, 8, words).ok(), kTest, "answering the other parked call failed");
  failures += !expect(wait_for(second.done) && second.answer == 90, kTest, "the other parked call got no answer");
  return failures;
}

// A caller in another process is killed while its call is parked.
int caller_killed(ipc::Handle port) {
  auto [mine, theirs] = *ipc::channel_create();
  if (!ipc::port_bind(port, mine, kServerBadge)) return 1;
  const char* argv[] = {"ipctest", "client", "1", "1"};
  ipc::Handle passed[] = {theirs};
  auto child = ipc::spawn(argv, passed);
  if (!expect(child.ok(), kTest, "spawn client failed")) return 1;
  int failures = 0;
  auto reply = park_next(port);
  if (!expect(reply.ok(), kTest, "the child's call could not be parked")) return 1;
  failures += !expect(ipc::port_bind(port, *reply, kParkedBadge).ok(), kTest, "binding the parked call failed");
  failures += !expect(sys::process_kill(*child) == 0, kTest, "kill failed");
  bool told = false;
  for (int i = 0; i < 2 && !told; ++i) {  // the channel's PeerClosed may come first
    ipc::Event e = ipc::port_wait(port, deadline_in(ms(2000)));
    if (!e.ok()) break;
    told = e.kind() == abi::EventKind::PeerClosed && e.badge == kParkedBadge;
  }
  failures += !expect(told, kTest, "the server was not told that the parked caller died");
  failures += !expect(ipc::wait(*child) == abi::kExitKilled, kTest, "the child was not killed");
  drop(*reply);
  drop(mine);
  drop(*child);
  return failures;
}

int misuse(ipc::Handle port) {
  int failures = 0;
  failures += !expect_error(sys::reply_defer(), Error::BadState, kTest, "reply_defer with no call held");
  uint64_t words[4] = {};
  failures += !expect_error(code(ipc::reply(port, 0, words)), Error::WrongType, kTest, "reply through a port handle");
  failures += !expect_error(sys::reply_resume(port), Error::WrongType, kTest, "reply_resume of a port handle");
  failures += !expect_error(sys::reply_resume(0x7fff0), Error::BadHandle, kTest, "reply_resume of no handle");
  return failures;
}

}  // namespace

int deferred() {
  auto port = ipc::port_create();
  auto ends = ipc::channel_create();
  if (!port || !ends || !ipc::port_bind(*port, ends->b, kServerBadge)) return 1;
  int failures = misuse(*port);
  failures += many_in_flight(*port, ends->a);
  failures += caller_gives_up(*port, ends->a);
  failures += unanswered_call_fails(*port, ends->a);
  failures += resumed_call_answered(*port, ends->a);
  drop(ends->a);
  drop(ends->b);
  failures += caller_killed(*port);
  drop(*port);
  return failures;
}

}  // namespace ipctest
