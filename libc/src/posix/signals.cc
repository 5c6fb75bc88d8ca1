// The disposition and mask calls of <signal.h>. Tessera delivers no signal
// to a handler (a signal ends its process, docs/posix.md), so these keep
// what a program sets and report it back: a program written for Unix
// (the shell's SIGINT handler and masks) runs, and its handlers never run.
#include <errno.h>
#include <signal.h>

#include "process_state.h"

using tessera::posix::fail;

namespace {

using Bits = unsigned long;

struct sigaction dispositions[NSIG];
Bits blocked = 0;

bool valid(int signal) { return signal > 0 && signal < NSIG; }
Bits bit(int signal) { return Bits{1} << signal; }
Bits& bits(sigset_t* set) { return set->__val[0]; }
Bits bits(const sigset_t* set) { return set->__val[0]; }

}  // namespace

extern "C" {

int sigemptyset(sigset_t* set) {
  *set = {};
  return 0;
}

int sigfillset(sigset_t* set) {
  *set = {};
  bits(set) = ~Bits{0};
  return 0;
}

int sigaddset(sigset_t* set, int signal) {
  if (!valid(signal)) return fail(EINVAL);
  bits(set) |= bit(signal);
  return 0;
}

int sigdelset(sigset_t* set, int signal) {
  if (!valid(signal)) return fail(EINVAL);
  bits(set) &= ~bit(signal);
  return 0;
}

int sigismember(const sigset_t* set, int signal) {
  if (!valid(signal)) return fail(EINVAL);
  return (bits(set) & bit(signal)) != 0;
}

int sigprocmask(int how, const sigset_t* set, sigset_t* old) {
  Bits before = blocked;
  if (set) {
    switch (how) {
      case SIG_BLOCK: blocked |= bits(set); break;
      case SIG_UNBLOCK: blocked &= ~bits(set); break;
      case SIG_SETMASK: blocked = bits(set); break;
      default: return fail(EINVAL);
    }
    blocked &= ~(bit(SIGKILL) | bit(SIGSTOP));  // never blocked, as POSIX says
  }
  if (old) {
    *old = {};
    bits(old) = before;
  }
  return 0;
}

int sigaction(int signal, const struct sigaction* action, struct sigaction* old) {
  if (!valid(signal)) return fail(EINVAL);
  if (action && (signal == SIGKILL || signal == SIGSTOP)) return fail(EINVAL);
  if (old) *old = dispositions[signal];
  if (action) dispositions[signal] = *action;
  return 0;
}

sighandler_t signal(int signal, sighandler_t handler) {
  struct sigaction action = {handler, {}, 0};
  struct sigaction old;
  if (sigaction(signal, &action, &old) < 0) return SIG_ERR;
  return old.sa_handler;
}

}  // extern "C"
