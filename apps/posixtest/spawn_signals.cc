// The spawnsignals group: dispositions and the mask across posix_spawn, as
// POSIX says: ignored signals stay ignored (procmgr's record too: a kill
// from outside is dropped), caught ones are back at SIG_DFL, the mask is
// inherited; POSIX_SPAWN_SETSIGDEF and POSIX_SPAWN_SETSIGMASK change them.
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

namespace posixtest {

namespace {

constexpr char kSelf[] = "/bin/posixtest";

void caught(int) {}

unsigned long mask_bits(const sigset_t& set) { return set.__val[0]; }

// Spawns `posixtest child inherit IGNORED BLOCKED` (the child checks it
// has those, as numbers) with attributes; its wait status, or -1.
int run_child(const posix_spawnattr_t* attributes, unsigned long ignored, unsigned long blocked) {
  char ignored_text[24], blocked_text[24];
  snprintf(ignored_text, sizeof ignored_text, "%lu", ignored);
  snprintf(blocked_text, sizeof blocked_text, "%lu", blocked);
  const char* argv[] = {"posixtest", "child", "inherit", ignored_text, blocked_text, nullptr};
  pid_t pid = -1;
  if (posix_spawn(&pid, kSelf, nullptr, attributes, const_cast<char* const*>(argv), nullptr) != 0) return -1;
  return finish(pid);
}

bool exited_zero(int status) { return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0; }

unsigned long bit(int signal) { return 1ul << signal; }

}  // namespace

int check_spawn_signals() {
  Check c("spawnsignals");
  sigset_t old_mask, hup;
  sigemptyset(&hup);
  sigaddset(&hup, SIGHUP);
  struct sigaction ignore = {}, handle = {}, old_usr1, old_usr2;
  ignore.sa_handler = SIG_IGN;
  handle.sa_handler = caught;
  c.that(sigaction(SIGUSR1, &ignore, &old_usr1) == 0 && sigaction(SIGUSR2, &handle, &old_usr2) == 0 &&
             sigprocmask(SIG_BLOCK, &hup, &old_mask) == 0,
         "the parent ignores SIGUSR1, catches SIGUSR2, blocks SIGHUP");
  unsigned long blocked = mask_bits(old_mask) | bit(SIGHUP);
  // Plain: SIGUSR1 ignored, SIGUSR2 default, SIGHUP blocked; the child's
  // raise(SIGUSR1), through procmgr, is dropped.
  c.that(exited_zero(run_child(nullptr, bit(SIGUSR1), blocked)), "ignored stays ignored, caught is reset, mask inherited");

  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults, mask;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGUSR1);
  sigemptyset(&mask);
  sigaddset(&mask, SIGQUIT);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setsigmask(&attributes, &mask);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  // SETSIGDEF resets SIGUSR1: the child's raise(SIGUSR1) ends it by it.
  int status = run_child(&attributes, 0, bit(SIGQUIT));
  c.that(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR1,
         "SETSIGDEF: SIGUSR1 at its default ends the child; SETSIGMASK: its mask");
  // The flags decide: without them the sets are not used.
  posix_spawnattr_setflags(&attributes, 0);
  c.that(exited_zero(run_child(&attributes, bit(SIGUSR1), blocked)), "without the flags the sets do nothing");
  posix_spawnattr_destroy(&attributes);

  sigaction(SIGUSR1, &old_usr1, nullptr);
  sigaction(SIGUSR2, &old_usr2, nullptr);
  sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  return c.result();
}

// The child: exits 0 if exactly the signals in argv[1] are ignored, none is
// caught, and the mask is argv[2]; then raises SIGUSR1 (which ends it
// unless ignored).
int inherit_child(int argc, char** argv) {
  if (argc != 3) return 100;
  unsigned long ignored = strtoul(argv[1], nullptr, 10), blocked = strtoul(argv[2], nullptr, 10);
  for (int s = 1; s < NSIG; ++s) {
    struct sigaction now;
    if (sigaction(s, nullptr, &now) != 0) continue;
    bool is_ignored = now.sa_handler == SIG_IGN;
    if (is_ignored != ((ignored & bit(s)) != 0)) return 10 + s;
    if (now.sa_handler != SIG_IGN && now.sa_handler != SIG_DFL) return 80;
  }
  sigset_t mask;
  if (sigprocmask(SIG_BLOCK, nullptr, &mask) != 0 || mask_bits(mask) != blocked) return 90;
  raise(SIGUSR1);
  return 0;
}

}  // namespace posixtest
