// Host tests of what a spawned child's signals start as
// (libc/src/posix/signal_inheritance.h): POSIX's rules for exec and
// posix_spawn's SETSIGDEF and SETSIGMASK.
#include "../../libc/src/posix/signal_inheritance.h"

#include <doctest/doctest.h>

using tessera::posix::apply_inherited;
using tessera::posix::InheritedSignals;
using tessera::posix::SignalBits;
using tessera::posix::SignalEffect;
using tessera::posix::SignalState;
using tessera::posix::signal_bit;
using tessera::posix::signals_for_child;
using tessera::posix::ToldSignals;

namespace {

void handler(int) {}

struct sigaction with(sighandler_t h) {
  struct sigaction a = {};
  a.sa_handler = h;
  return a;
}

// A parent that ignores SIGINT and SIGTTOU, catches SIGTERM, and whose
// spawning thread blocks SIGUSR1.
SignalState parent() {
  SignalState s;
  s.set_action(SIGINT, with(SIG_IGN));
  s.set_action(SIGTTOU, with(SIG_IGN));
  s.set_action(SIGTERM, with(handler));
  return s;
}
constexpr SignalBits kParentMask = signal_bit(SIGUSR1);

// What procmgr knows of that parent.
ToldSignals told(const SignalState& s, SignalBits mask) { return {s.caught(), s.ignored(), s.held(mask)}; }

}  // namespace

TEST_CASE("SignalInheritance.IgnoredStayIgnoredCaughtAreReset") {
  SignalState p = parent();
  InheritedSignals in = signals_for_child(p, kParentMask, told(p, kParentMask), 0, nullptr);
  CHECK(in.ignored == (signal_bit(SIGINT) | signal_bit(SIGTTOU)));
  CHECK(in.blocked == signal_bit(SIGUSR1));
  CHECK(in.procmgr_ignored == p.ignored());
  SignalState child;
  SignalBits child_mask = apply_inherited(child, in);
  CHECK(child.effect_of(SIGINT) == SignalEffect::Ignore);
  CHECK(child.effect_of(SIGTTOU) == SignalEffect::Ignore);
  CHECK(child.effect_of(SIGTERM) == SignalEffect::End);  // no handler in the new program
  CHECK(child.caught() == 0);
  CHECK(child.ignored() == in.ignored);
  CHECK(child_mask == signal_bit(SIGUSR1));
  // procmgr's record holds the parent's blocked SIGUSR1 and its caught
  // SIGTERM (the child may block it); the child holds SIGUSR1 only, and
  // tells procmgr.
  CHECK(in.procmgr_held == (signal_bit(SIGUSR1) | signal_bit(SIGTERM)));
  CHECK(child.held(child_mask) == signal_bit(SIGUSR1));
}

TEST_CASE("SignalInheritance.SetSigDefaultAndSetSigMask") {
  SignalState p = parent();
  SignalBits mask = signal_bit(SIGHUP) | signal_bit(SIGKILL);  // SIGKILL cannot be blocked
  InheritedSignals in = signals_for_child(p, kParentMask, told(p, kParentMask), signal_bit(SIGTTOU) | signal_bit(SIGTERM), &mask);
  CHECK(in.ignored == signal_bit(SIGINT));
  SignalState child;
  SignalBits child_mask = apply_inherited(child, in);
  CHECK(child.effect_of(SIGTTOU) == SignalEffect::End);
  CHECK(child.effect_of(SIGINT) == SignalEffect::Ignore);
  CHECK(child_mask == signal_bit(SIGHUP));
  // procmgr's record started with the parent's ignored set, which differs: the child tells it.
  CHECK(in.procmgr_ignored != child.ignored());
}

TEST_CASE("SignalInheritance.SigKillAndSigStopAreNeverIgnored") {
  InheritedSignals in{signal_bit(SIGKILL) | signal_bit(SIGSTOP) | signal_bit(SIGQUIT), 0, 0, 0};
  SignalState child;
  (void)apply_inherited(child, in);
  CHECK(child.ignored() == signal_bit(SIGQUIT));
}

TEST_CASE("SignalInheritance.ProcmgrHoldsNothingTheChildIgnores") {
  // A parent that catches SIGCHLD (ignored by default) and SIGHUP, ignores
  // SIGQUIT and blocks it too: none of these but SIGHUP is held in the child.
  SignalState p;
  p.set_action(SIGCHLD, with(handler));
  p.set_action(SIGHUP, with(handler));
  p.set_action(SIGQUIT, with(SIG_IGN));
  SignalBits mask = signal_bit(SIGQUIT);
  InheritedSignals in = signals_for_child(p, mask, told(p, mask), 0, nullptr);
  CHECK(in.procmgr_held == signal_bit(SIGHUP));
  SignalState child;
  SignalBits child_mask = apply_inherited(child, in);
  CHECK(child.held(child_mask) == 0);
}
