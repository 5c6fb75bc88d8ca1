// What a spawned child's signals start as (POSIX's exec and posix_spawn
// rules): a signal the parent ignores stays ignored, unless
// POSIX_SPAWN_SETSIGDEF names it; a caught one is back at SIG_DFL (there is
// no handler in the new program); the blocked mask is the parent's, or
// POSIX_SPAWN_SETSIGMASK's. The parent's libc writes this into the child's
// inheritance (inheritance_wire.h), the child's applies it before main.
// procmgr starts the child's record ignoring what the parent's ignores, and
// holding what the parent holds or catches, so the child ignores and holds
// them from its first instruction; the child tells it what differs. Pure
// logic, host-tested (libc_signals).
#pragma once

#include "inherited_signals.h"
#include "signal_state.h"

namespace tessera::posix {

// What procmgr knows of a process's signals (setSignals).
struct ToldSignals {
  SignalBits caught, ignored, held;
};

// The child's, from the parent's state, the spawning thread's mask and what
// procmgr knows of the parent; sigdefault: the signals to reset (0 without
// POSIX_SPAWN_SETSIGDEF); mask: the child's mask (nullptr without
// POSIX_SPAWN_SETSIGMASK).
inline InheritedSignals signals_for_child(const SignalState& parent, SignalBits blocked, const ToldSignals& told,
                                          SignalBits sigdefault, const SignalBits* mask) {
  // As ProcessTable::add computes it.
  SignalBits procmgr_held = (told.held | told.caught) & ~told.ignored & ~SignalState::kIgnoredByDefault &
                            ~SignalState::kUnchangeable & ~SignalBits{1};
  return {parent.ignored() & ~sigdefault, mask ? *mask : blocked, told.ignored, procmgr_held};
}

// Sets a new process's state (all SIG_DFL until now) from what it
// inherited; returns its mask.
inline SignalBits apply_inherited(SignalState& state, const InheritedSignals& inherited) {
  struct sigaction ignore = {};
  ignore.sa_handler = SIG_IGN;
  for (int s = 1; s < NSIG; ++s) {
    if (inherited.ignored & signal_bit(s)) (void)state.set_action(s, ignore);
  }
  return SignalState::blockable(inherited.blocked);
}

// On this process's own state (signals.cc):
// signals_for_child of it.
InheritedSignals child_signals(SignalBits sigdefault, const SignalBits* mask);
// apply_inherited to it, before main; procmgr is told what it ignores if
// that is not what procmgr assumed.
void inherit_signals(const InheritedSignals& inherited);

}  // namespace tessera::posix
