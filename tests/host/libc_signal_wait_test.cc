// Host tests of how a thread waits for a handler (libc/src/posix/
// signal_wait.h): a model thread whose one signal comes at any step of the
// wait, as the kernel would deliver it there: an interrupt that runs the
// handler in the entry at once, unless the thread is passed over, when the
// message waits in the channel for the receive. Whatever the step, the
// handler runs and ends the wait, which never blocks to its deadline.
#include "../../libc/src/posix/signal_wait.h"

#include <doctest/doctest.h>

using tessera::posix::Woken;
using tessera::posix::wait_for_handler;

namespace {

constexpr int kNever = -1;
constexpr uint64_t kDeadline = 1000;

class ModelThread {
 public:
  explicit ModelThread(int arrival) : arrival_(arrival) {}

  // signal_wait.h's Thread; each call is a step, and the signal comes
  // before the step numbered `arrival` (or, past the last, in the wait).
  uint64_t handlers_run() {
    next_step();
    return handlers_;
  }
  void run_deliverable() {
    next_step();
    take_and_run();
  }
  bool has_channel() {
    next_step();
    return true;
  }
  void sleep_until(uint64_t) { FAIL("a thread with a channel waits on it"); }
  // sigsuspend's change of the mask, between its count and the wait.
  void change_mask() { next_step(); }
  void pass_over() {
    next_step();  // (one asked for before is taken as the call returns)
    passed_over_ = true;
  }
  void take_interrupts() {
    passed_over_ = false;
    next_step();
  }
  Woken receive(uint64_t deadline) {
    CHECK(deadline == kDeadline);
    next_step();
    if (arrival_ >= step_) {  // it comes while the thread waits
      step_ = arrival_ + 1;
      if (!passed_over_) {
        ++queued_;
        take_and_run();  // the interrupt ends the wait, and its entry runs the handler
        return Woken::Interrupted;
      }
      ++pending_;
      return Woken::Signal;
    }
    if (queued_) {
      --queued_;
      ++pending_;
      return Woken::Signal;
    }
    ++blocked_to_deadline_;
    return Woken::Ended;
  }

  uint64_t handlers() const { return handlers_; }
  bool passed_over() const { return passed_over_; }
  int blocked_to_deadline() const { return blocked_to_deadline_; }

 private:
  void next_step() {
    if (step_++ != arrival_) return;
    ++queued_;
    if (!passed_over_) take_and_run();  // the interrupt's entry, between two instructions
  }
  void take_and_run() {
    pending_ += queued_;
    queued_ = 0;
    handlers_ += static_cast<uint64_t>(pending_);
    pending_ = 0;
  }

  int arrival_;
  int step_ = 0;
  bool passed_over_ = false;
  int queued_ = 0;   // messages in the signal channel
  int pending_ = 0;  // taken, not yet run
  uint64_t handlers_ = 0;
  int blocked_to_deadline_ = 0;
};

}  // namespace

TEST_CASE("SignalWait.ASignalAtAnyStepEndsTheWaitWithItsHandler") {
  // (From step 1: a handler that ran before the caller read the count,
  // step 0, came before the wait, which then waits on, as POSIX's.)
  for (int arrival = 1; arrival < 16; ++arrival) {
    CAPTURE(arrival);
    ModelThread thread(arrival);
    CHECK(wait_for_handler(thread, kDeadline, thread.handlers_run()));
    CHECK(thread.handlers() == 1);
    CHECK(thread.blocked_to_deadline() == 0);
    CHECK_FALSE(thread.passed_over());  // the kernel's mask is the thread's again
  }
}

TEST_CASE("SignalWait.WithoutASignalTheDeadlineEndsIt") {
  ModelThread thread(kNever);
  CHECK_FALSE(wait_for_handler(thread, kDeadline, thread.handlers_run()));
  CHECK(thread.handlers() == 0);
  CHECK(thread.blocked_to_deadline() == 1);
  CHECK_FALSE(thread.passed_over());
}

TEST_CASE("SignalWait.AHandlerBetweenTheCountAndTheWaitEndsIt") {
  // sigsuspend: the new mask lets a signal through, whose handler runs in
  // the entry as the mask changes; counted before, it ends the wait.
  ModelThread thread(1);
  uint64_t ran_before = thread.handlers_run();
  thread.change_mask();
  REQUIRE(thread.handlers() == 1);
  CHECK(wait_for_handler(thread, kDeadline, ran_before));
  CHECK(thread.blocked_to_deadline() == 0);
}
