// Host tests of libc's signal rules (libc/src/posix/signal_state.h): what a
// signal does under each disposition, the masks procmgr is told, the
// pending set against the blocked mask, and what a handler blocks.
#include "../../libc/src/posix/signal_state.h"

#include <doctest/doctest.h>

using tessera::posix::SignalEffect;
using tessera::posix::SignalBits;
using tessera::posix::SignalState;
using tessera::posix::signal_bit;

namespace {

void handler(int) {}

struct sigaction with(sighandler_t h, int flags = 0, unsigned long mask = 0) {
  struct sigaction a = {};
  a.sa_handler = h;
  a.sa_flags = flags;
  a.sa_mask.__val[0] = mask;
  return a;
}

}  // namespace

TEST_CASE("SignalState.DefaultsEndOrIgnore") {
  SignalState s;
  CHECK(s.effect_of(SIGTERM) == SignalEffect::End);
  CHECK(s.effect_of(SIGINT) == SignalEffect::End);
  CHECK(s.effect_of(SIGCHLD) == SignalEffect::Ignore);
  CHECK(s.effect_of(SIGWINCH) == SignalEffect::Ignore);
  CHECK(s.caught() == 0);
  CHECK(s.ignored() == 0);
}

TEST_CASE("SignalState.DispositionsAndWhatProcmgrIsTold") {
  SignalState s;
  REQUIRE(s.set_action(SIGUSR1, with(handler)));
  REQUIRE(s.set_action(SIGTERM, with(SIG_IGN)));
  CHECK(s.effect_of(SIGUSR1) == SignalEffect::Handle);
  CHECK(s.effect_of(SIGTERM) == SignalEffect::Ignore);
  CHECK(s.caught() == signal_bit(SIGUSR1));
  CHECK(s.ignored() == signal_bit(SIGTERM));
  // Back to the default.
  REQUIRE(s.set_action(SIGUSR1, with(SIG_DFL)));
  CHECK(s.caught() == 0);
  // SIGKILL and SIGSTOP cannot be changed; numbers out of range are refused.
  CHECK_FALSE(s.set_action(SIGKILL, with(handler)));
  CHECK_FALSE(s.set_action(SIGSTOP, with(SIG_IGN)));
  CHECK_FALSE(s.set_action(0, with(handler)));
  CHECK_FALSE(s.set_action(NSIG, with(handler)));
}

TEST_CASE("SignalState.PendingWaitsWhileBlocked") {
  SignalState s;
  s.make_pending(SIGUSR2);
  s.make_pending(SIGUSR1);
  SignalBits mask = signal_bit(SIGUSR1);
  CHECK(s.take_deliverable(mask) == SIGUSR2);
  CHECK(s.take_deliverable(mask) == 0);  // USR1 is blocked
  CHECK(s.pending() == signal_bit(SIGUSR1));
  // Pending for the process: a thread that does not block it takes it.
  CHECK(s.take_deliverable(0) == SIGUSR1);
  CHECK(s.take_deliverable(0) == 0);
  // A signal pending twice is delivered once (standard signals merge).
  s.make_pending(SIGTERM);
  s.make_pending(SIGTERM);
  CHECK(s.take_deliverable(0) == SIGTERM);
  CHECK(s.take_deliverable(0) == 0);
  // SIGKILL and SIGSTOP are never blocked.
  CHECK((SignalState::blockable(~0ul) & (signal_bit(SIGKILL) | signal_bit(SIGSTOP) | 1ul)) == 0);
  CHECK(SignalState::blockable(signal_bit(SIGTERM)) == signal_bit(SIGTERM));
}

TEST_CASE("SignalState.HeldAreTheBlockedThatWouldEndIt") {
  SignalState s;
  REQUIRE(s.set_action(SIGUSR1, with(handler)));
  REQUIRE(s.set_action(SIGHUP, with(SIG_IGN)));
  SignalBits mask = SignalState::blockable(signal_bit(SIGTERM) | signal_bit(SIGUSR1) | signal_bit(SIGHUP) |
                                           signal_bit(SIGCHLD) | signal_bit(SIGKILL));
  // Caught, ignored and ignored-by-default ones are procmgr's to send or drop as ever.
  CHECK(s.held(mask) == signal_bit(SIGTERM));
  // A handler reset to the default is held once blocked.
  REQUIRE(s.set_action(SIGUSR1, with(SIG_DFL)));
  CHECK(s.held(mask) == (signal_bit(SIGTERM) | signal_bit(SIGUSR1)));
  CHECK(s.held(0) == 0);
}

TEST_CASE("SignalState.AHandlerBlocksItsSignalAndMask") {
  SignalState s;
  REQUIRE(s.set_action(SIGUSR1, with(handler, 0, signal_bit(SIGTERM))));
  SignalBits mask = 0;
  auto before = s.enter_handler(SIGUSR1, mask);
  CHECK(before == 0);
  CHECK(mask == (signal_bit(SIGUSR1) | signal_bit(SIGTERM)));
  // Another thread's mask is its own: a handler there blocks only it.
  SignalBits other = signal_bit(SIGHUP);
  CHECK(s.enter_handler(SIGUSR1, other) == signal_bit(SIGHUP));
  CHECK(other == (signal_bit(SIGHUP) | signal_bit(SIGUSR1) | signal_bit(SIGTERM)));
  mask = before;
  // SA_NODEFER leaves the signal itself open; SA_RESETHAND makes it SIG_DFL.
  REQUIRE(s.set_action(SIGUSR2, with(handler, SA_NODEFER | SA_RESETHAND)));
  (void)s.enter_handler(SIGUSR2, mask);
  CHECK(mask == 0);
  CHECK(s.effect_of(SIGUSR2) == SignalEffect::End);
  // What procmgr is told follows the reset: SIGUSR2 is no longer caught.
  CHECK(s.caught() == signal_bit(SIGUSR1));
}

TEST_CASE("SignalState.CaughtAndIgnoredFollowEveryChange") {
  SignalState s;
  REQUIRE(s.set_action(SIGHUP, with(SIG_IGN)));
  REQUIRE(s.set_action(SIGINT, with(handler)));
  CHECK(s.ignored() == signal_bit(SIGHUP));
  CHECK(s.caught() == signal_bit(SIGINT));
  // Ignored to caught and back: each set once.
  REQUIRE(s.set_action(SIGHUP, with(handler)));
  CHECK(s.ignored() == 0);
  CHECK(s.caught() == (signal_bit(SIGHUP) | signal_bit(SIGINT)));
  REQUIRE(s.set_action(SIGINT, with(SIG_IGN)));
  CHECK(s.ignored() == signal_bit(SIGINT));
  CHECK(s.caught() == signal_bit(SIGHUP));
  // A refused change changes nothing.
  CHECK_FALSE(s.set_action(SIGKILL, with(SIG_IGN)));
  CHECK(s.ignored() == signal_bit(SIGINT));
  CHECK(s.held(signal_bit(SIGTERM) | signal_bit(SIGINT) | signal_bit(SIGHUP)) == signal_bit(SIGTERM));
}
