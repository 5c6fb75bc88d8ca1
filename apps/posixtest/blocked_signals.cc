// The blocked group: a blocked signal whose action is the default stays
// pending (sigpending shows it) until sigprocmask unblocks it, which then
// ends the process by it: from a kill of oneself, from another process's
// kill, and from one that comes before the child's libc has run (procmgr
// holds it by the mask the child inherits, or by POSIX_SPAWN_SETSIGMASK
// of a signal the parent catches). SIGKILL cannot be blocked.
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

namespace posixtest {

namespace {

constexpr char kSelf[] = "/bin/posixtest";

bool ended_by(int status, int signal) { return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == signal; }

bool is_pending(int signal) {
  sigset_t pending;
  return sigpending(&pending) == 0 && sigismember(&pending, signal) == 1;
}

void change_mask(int how, int signal) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signal);
  sigprocmask(how, &set, nullptr);
}

// Says on stdout that signal is pending (and so that it is alive), then
// unblocks it, which ends the process. 3 if it did not.
int unblock_and_end(int signal) {
  if (write(1, "p", 1) != 1) return 4;
  change_mask(SIG_UNBLOCK, signal);
  return 3;
}

// --- the children (`posixtest child blocked-MODE SIGNAL`)

// Blocks signal and sends it to itself.
int child_self(int signal) {
  change_mask(SIG_BLOCK, signal);
  if (kill(getpid(), signal) != 0) return 1;
  if (!is_pending(signal)) return 2;
  return unblock_and_end(signal);
}

// Started with signal blocked; its parent kills it, then writes a byte to
// its stdin.
int child_other(int signal) {
  char byte;
  if (read(0, &byte, 1) != 1) return 1;
  if (!is_pending(signal)) return 2;
  return unblock_and_end(signal);
}

// How a child ended, and whether it said the signal was pending first.
struct Outcome {
  int status = -1;
  bool saw_pending = false;
};

// Spawns `posixtest child blocked-MODE SIGNAL` with attributes, stdin the
// read end of a pipe and stdout the write end of another; with kill_first,
// kills it at once with signal and then writes a byte to its stdin.
Outcome run_child(const char* mode, int signal, const posix_spawnattr_t* attributes, bool kill_first) {
  Outcome out;
  int in[2], back[2];
  if (pipe(in) != 0) return out;
  if (pipe(back) != 0) {
    close(in[0]);
    close(in[1]);
    return out;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, back[1], 1);
  for (int fd : {in[0], in[1], back[0], back[1]}) posix_spawn_file_actions_addclose(&actions, fd);
  char number[8];
  snprintf(number, sizeof number, "%d", signal);
  const char* argv[] = {"posixtest", "child", mode, number, nullptr};
  pid_t pid = -1;
  int e = posix_spawn(&pid, kSelf, &actions, attributes, const_cast<char* const*>(argv), nullptr);
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(back[1]);
  if (e == 0 && (!kill_first || kill(pid, signal) == 0)) {
    // A child that does not block the signal has ended, and the pipe's
    // reader with it: the write may fail (EPIPE, SIGPIPE ignored here).
    sighandler_t previous = ::signal(SIGPIPE, SIG_IGN);
    (void)!write(in[1], "k", 1);
    ::signal(SIGPIPE, previous);
    char byte = 0;
    out.saw_pending = read(back[0], &byte, 1) == 1 && byte == 'p';
    out.status = finish(pid);
  }
  close(in[1]);
  close(back[0]);
  return out;
}

// It said the signal was pending, and unblocking it ended it by it.
bool held_then_ended(const Outcome& o, int signal) { return o.saw_pending && ended_by(o.status, signal); }

int child_spawn(const char* mode, int signal) {
  if (strcmp(mode, "self") == 0) return child_self(signal);
  if (strcmp(mode, "other") == 0) return child_other(signal);
  return 100;
}

void caught(int) {}

}  // namespace

int blocked_signal_child(const char* mode, const char* signal) { return child_spawn(mode, atoi(signal)); }

int check_blocked_signals() {
  Check c("blocked");
  c.that(held_then_ended(run_child("blocked-self", SIGTERM, nullptr, false), SIGTERM),
         "kill of oneself: SIGTERM pending while blocked, unblocking it ends the process by it");

  // The child inherits our mask: procmgr holds SIGTERM from its start.
  change_mask(SIG_BLOCK, SIGTERM);
  c.that(held_then_ended(run_child("blocked-other", SIGTERM, nullptr, true), SIGTERM),
         "another's kill of a child that inherited SIGTERM blocked: pending, then ends it once unblocked");
  change_mask(SIG_UNBLOCK, SIGTERM);

  // A signal we catch is at its default in the child; SETSIGMASK blocks it there.
  struct sigaction handle = {}, old;
  handle.sa_handler = caught;
  sigaction(SIGUSR1, &handle, &old);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR1);
  posix_spawnattr_setsigmask(&attributes, &mask);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
  c.that(held_then_ended(run_child("blocked-other", SIGUSR1, &attributes, true), SIGUSR1),
         "SETSIGMASK blocks SIGUSR1 in the child: pending, then ends it once unblocked");
  // Not blocked there: the default ends it, however early the kill.
  sigemptyset(&mask);
  posix_spawnattr_setsigmask(&attributes, &mask);
  Outcome unblocked = run_child("blocked-other", SIGUSR1, &attributes, true);
  c.that(!unblocked.saw_pending && ended_by(unblocked.status, SIGUSR1),
         "SIGUSR1 not blocked in the child: a kill at its start ends it");
  posix_spawnattr_destroy(&attributes);
  sigaction(SIGUSR1, &old, nullptr);

  // SIGKILL cannot be blocked.
  sigset_t all, now, before;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &before);
  sigprocmask(SIG_SETMASK, &before, &now);
  c.that(sigismember(&now, SIGKILL) == 0 && sigismember(&now, SIGSTOP) == 0, "SIGKILL and SIGSTOP are never blocked");
  return c.result();
}

}  // namespace posixtest
