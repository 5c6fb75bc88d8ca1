// SignalState: a process's signal dispositions and pending set, and the
// rules that decide what a signal that arrives does (POSIX's "signal
// actions"). The blocked mask is each thread's: the calls that need one
// take it. Pure logic, host-tested (libc_signals); signals.cc feeds it the
// signals that come and runs what it decides.
#pragma once

// Relative, so that the host tests get this libc's numbers, not the host's.
#include "../../include/signal.h"

namespace tessera::posix {

using SignalBits = unsigned long;  // bit n: signal n (sigset_t's first word)

inline constexpr SignalBits signal_bit(int signal) { return SignalBits{1} << signal; }
inline constexpr bool valid_signal(int signal) { return signal > 0 && signal < NSIG; }

// What a deliverable signal does now.
enum class SignalEffect { Handle, Ignore, End };

class SignalState {
 public:
  // SIGKILL and SIGSTOP are never caught, ignored nor blocked.
  static constexpr SignalBits kUnchangeable = signal_bit(SIGKILL) | signal_bit(SIGSTOP);
  // The signals whose default action is to be ignored.
  static constexpr SignalBits kIgnoredByDefault =
      signal_bit(SIGCHLD) | signal_bit(SIGCONT) | signal_bit(SIGURG) | signal_bit(SIGWINCH);

  const struct sigaction& action(int signal) const { return actions_[signal]; }
  // False for SIGKILL, SIGSTOP and numbers out of range.
  bool set_action(int signal, const struct sigaction& action) {
    if (!valid_signal(signal) || (signal_bit(signal) & kUnchangeable)) return false;
    actions_[signal] = action;
    note_handler(signal);
    return true;
  }

  // The signals with a handler, and those ignored (SIG_IGN), as procmgr keeps them.
  SignalBits caught() const { return caught_; }
  SignalBits ignored() const { return ignored_; }

  // What a mask may block: not SIGKILL, SIGSTOP, nor 0 (no signal).
  static constexpr SignalBits blockable(SignalBits mask) { return mask & ~kUnchangeable & ~SignalBits{1}; }

  // The signals blocked (in every thread) whose action is the default that
  // ends the process: procmgr must hold them for us rather than end us
  // (setSignals).
  SignalBits held(SignalBits blocked) const { return blocked & ~caught() & ~ignored() & ~kIgnoredByDefault; }

  SignalBits pending() const { return pending_; }
  void make_pending(int signal) {
    if (valid_signal(signal)) pending_ |= signal_bit(signal);
  }

  // The lowest pending signal that is not blocked (0: none), no longer pending.
  int take_deliverable(SignalBits blocked) {
    SignalBits ready = pending_ & ~blocked;
    if (!ready) return 0;
    int signal = __builtin_ctzl(ready);
    pending_ &= ~signal_bit(signal);
    return signal;
  }

  SignalEffect effect_of(int signal) const {
    sighandler_t handler = actions_[signal].sa_handler;
    if (handler == SIG_IGN) return SignalEffect::Ignore;
    if (handler != SIG_DFL) return SignalEffect::Handle;
    return (signal_bit(signal) & kIgnoredByDefault) ? SignalEffect::Ignore : SignalEffect::End;
  }

  // A handler of signal is about to run in the thread whose mask is
  // blocked: blocks its sa_mask and the signal itself (unless SA_NODEFER),
  // resets it to SIG_DFL for SA_RESETHAND. Returns the mask to restore when
  // the handler returns.
  SignalBits enter_handler(int signal, SignalBits& blocked) {
    SignalBits before = blocked;
    const struct sigaction& a = actions_[signal];
    SignalBits more = a.sa_mask.__val[0] | ((a.sa_flags & SA_NODEFER) ? 0 : signal_bit(signal));
    blocked = blockable(blocked | more);
    if (a.sa_flags & SA_RESETHAND) {
      actions_[signal].sa_handler = SIG_DFL;
      note_handler(signal);
    }
    return before;
  }

 private:
  // Keeps caught_ and ignored_ as signal's handler now says: they are
  // asked at every mask change (signals.cc), the actions seldom change.
  void note_handler(int signal) {
    sighandler_t h = actions_[signal].sa_handler;
    SignalBits bit = signal_bit(signal);
    caught_ = h != SIG_DFL && h != SIG_IGN ? caught_ | bit : caught_ & ~bit;
    ignored_ = h == SIG_IGN ? ignored_ | bit : ignored_ & ~bit;
  }

  struct sigaction actions_[NSIG] = {};
  SignalBits caught_ = 0;
  SignalBits ignored_ = 0;
  SignalBits pending_ = 0;
};

}  // namespace tessera::posix
