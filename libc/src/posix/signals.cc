// The signal calls of <signal.h> and their delivery (signal_delivery.h).
// The dispositions, mask and pending set are a SignalState; procmgr is told
// which signals the process catches and ignores (setSignals) and, once one
// is caught, given one end of a channel (setSignalChannel) into which it
// sends them. A process without a procmgr session (init's services) keeps
// its dispositions for raise and for the signals libc raises itself.
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <unistd.h>

#include "ipc/ipc.h"
#include "ipc/syscall.h"
#include "ipc/transport.h"
#include "process_state.h"
#include "procmgr.idl.h"
#include "signal_delivery.h"
#include "signal_inheritance.h"
#include "signal_state.h"

using tessera::posix::fail;
using tessera::posix::SignalBits;
using tessera::posix::SignalEffect;
using tessera::posix::signal_bit;
using tessera::posix::valid_signal;

namespace {

using Procmgr = idl::procmgr::ProcessManagerClient<ipc::ChannelTransport>;

tessera::posix::SignalState state;
ipc::Handle signal_channel = 0;  // our end; procmgr sends into the other
SignalBits told_caught = 0, told_ignored = 0;  // what procmgr knows

// Tells procmgr what changed; makes the channel the first time a signal is caught.
void tell_procmgr() {
  ipc::Handle session = tessera::posix::procmgr_session();
  if (!session) return;
  SignalBits caught = state.caught(), ignored = state.ignored();
  if (caught == told_caught && ignored == told_ignored) return;
  ipc::ChannelTransport transport(session);
  Procmgr procmgr(transport);
  if (caught && !signal_channel) {
    auto pair = ipc::channel_create();
    if (!pair) return;
    if (!procmgr.set_signal_channel(pair->b)) {
      (void)ipc::close(pair->a);
      return;
    }
    signal_channel = pair->a;
  }
  if (procmgr.set_signals(caught, ignored)) {
    told_caught = caught;
    told_ignored = ignored;
  }
}

// Takes what procmgr has sent without waiting; false if nothing came.
bool take_sent(uint64_t deadline) {
  if (!signal_channel) return false;
  ipc::Event e = ipc::channel_recv(signal_channel, deadline);
  if (!e.ok() || e.kind() != abi::EventKind::Message) return false;
  state.make_pending(static_cast<int>(e.words[0]));
  return true;
}

// Acts on one signal that is not blocked; returns whether a handler ran
// and, in restart, whether it asked for SA_RESTART.
bool act_on(int signal, bool* restart = nullptr) {
  switch (state.effect_of(signal)) {
    case SignalEffect::Ignore:
      return false;
    case SignalEffect::End:
      // Ends as the signal would: waitpid reports WIFSIGNALED (streams are not flushed).
      sys::process_exit(abi::kExitSignal | signal);
    case SignalEffect::Handle:
      break;
  }
  struct sigaction action = state.action(signal);
  SignalBits before = state.enter_handler(signal);
  if (action.sa_flags & SA_RESETHAND) tell_procmgr();
  action.sa_handler(signal);
  state.set_blocked(before);
  if (restart) *restart = (action.sa_flags & SA_RESTART) != 0;
  return true;
}

// Runs every deliverable signal; whether a handler ran (and all that ran restart).
bool run_deliverable(bool* restart = nullptr) {
  bool ran = false, all_restart = true;
  while (int signal = state.take_deliverable()) {
    bool this_restart = false;
    if (act_on(signal, &this_restart)) {
      ran = true;
      all_restart = all_restart && this_restart;
    }
  }
  if (restart) *restart = all_restart;
  return ran;
}

SignalBits& bits(sigset_t* set) { return set->__val[0]; }
SignalBits bits(const sigset_t* set) { return set->__val[0]; }

}  // namespace

namespace tessera::posix {

InheritedSignals child_signals(SignalBits sigdefault, const SignalBits* mask) {
  return signals_for_child(state, told_ignored, sigdefault, mask);
}

void inherit_signals(const InheritedSignals& inherited) {
  apply_inherited(state, inherited);
  told_ignored = inherited.procmgr_ignored;
  tell_procmgr();
}

void deliver_pending() {
  while (take_sent(0)) {
  }
  run_deliverable();
}

bool wait_for_signal(uint64_t deadline) {
  // A signal that came before we wait ends the wait at once.
  while (take_sent(0)) {
  }
  if (run_deliverable()) return true;
  if (!signal_channel) {
    (void)sys::sleep_until(deadline);
    return false;
  }
  for (;;) {
    if (!take_sent(deadline)) return false;  // the deadline passed
    while (take_sent(0)) {
    }
    if (run_deliverable()) return true;  // else it was blocked or ignored: wait on
  }
}

bool signal_from_here(int signal) {
  state.make_pending(signal);
  bool restart = true;
  if (!run_deliverable(&restart)) return true;
  return restart;
}

}  // namespace tessera::posix

extern "C" {

int sigemptyset(sigset_t* set) {
  *set = {};
  return 0;
}

int sigfillset(sigset_t* set) {
  *set = {};
  bits(set) = ~SignalBits{0};
  return 0;
}

int sigaddset(sigset_t* set, int signal) {
  if (!valid_signal(signal)) return fail(EINVAL);
  bits(set) |= signal_bit(signal);
  return 0;
}

int sigdelset(sigset_t* set, int signal) {
  if (!valid_signal(signal)) return fail(EINVAL);
  bits(set) &= ~signal_bit(signal);
  return 0;
}

int sigismember(const sigset_t* set, int signal) {
  if (!valid_signal(signal)) return fail(EINVAL);
  return (bits(set) & signal_bit(signal)) != 0;
}

int sigprocmask(int how, const sigset_t* set, sigset_t* old) {
  SignalBits before = state.blocked();
  if (set) {
    switch (how) {
      case SIG_BLOCK: state.set_blocked(before | bits(set)); break;
      case SIG_UNBLOCK: state.set_blocked(before & ~bits(set)); break;
      case SIG_SETMASK: state.set_blocked(bits(set)); break;
      default: return fail(EINVAL);
    }
  }
  if (old) {
    *old = {};
    bits(old) = before;
  }
  // A signal that waited for this unblocking is delivered before we return.
  tessera::posix::deliver_pending();
  return 0;
}

int sigpending(sigset_t* set) {
  while (take_sent(0)) {
  }
  *set = {};
  bits(set) = state.pending() & state.blocked();
  return 0;
}

int sigsuspend(const sigset_t* mask) {
  SignalBits before = state.blocked();
  state.set_blocked(bits(mask));
  (void)tessera::posix::wait_for_signal(ipc::kForever);
  state.set_blocked(before);
  return fail(EINTR);
}

int sigaction(int signal, const struct sigaction* action, struct sigaction* old) {
  if (!valid_signal(signal)) return fail(EINVAL);
  if (action && (signal_bit(signal) & tessera::posix::SignalState::kUnchangeable)) return fail(EINVAL);
  if (old) *old = state.action(signal);
  if (action) {
    (void)state.set_action(signal, *action);
    tell_procmgr();
  }
  return 0;
}

sighandler_t signal(int signal, sighandler_t handler) {
  struct sigaction action = {handler, {}, 0};
  struct sigaction old;
  if (sigaction(signal, &action, &old) < 0) return SIG_ERR;
  return old.sa_handler;
}

int raise(int signal) {
  if (!valid_signal(signal)) return fail(EINVAL);
  (void)tessera::posix::signal_from_here(signal);
  return 0;
}

int pause(void) {
  while (!tessera::posix::wait_for_signal(ipc::kForever)) {
  }
  return fail(EINTR);
}

int __sigsetjmp_mask(sigjmp_buf env, int save) {
  env[0].mask_saved = save;
  env[0].mask = state.blocked();
  return 0;
}

void siglongjmp(sigjmp_buf env, int value) {
  if (env[0].mask_saved) state.set_blocked(env[0].mask);
  longjmp(env[0].registers, value);
}

}  // extern "C"
