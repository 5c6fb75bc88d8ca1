#include "process_group.h"

#include <unistd.h>

namespace sh {

namespace {

volatile sig_atomic_t g_foreground_group = 0;  // read by the SIGINT handler

}  // namespace

void ignore_terminal_stops() {
  signal(SIGTTOU, SIG_IGN);
  signal(SIGTTIN, SIG_IGN);
  signal(SIGTSTP, SIG_IGN);
}

bool forward_interrupt() {
  pid_t group = g_foreground_group;
  if (group == 0) return false;
  kill(-group, SIGINT);
  return true;
}

ProcessGroup::ProcessGroup(bool enabled, bool foreground) : enabled_(enabled), foreground_(foreground) {
  if (!enabled_) return;
  sigset_t interrupt;
  sigemptyset(&interrupt);
  sigaddset(&interrupt, SIGINT);
  blocked_ = sigprocmask(SIG_BLOCK, &interrupt, &mask_) == 0;
}

ProcessGroup::~ProcessGroup() {
  return_terminal();
  unblock_interrupts();
  if (ready_) posix_spawnattr_destroy(&attributes_);
}

const posix_spawnattr_t* ProcessGroup::attributes() {
  if (!enabled_) return nullptr;
  if (!ready_) {
    if (posix_spawnattr_init(&attributes_) != 0) return nullptr;
    ready_ = true;
    // The signals the shell ignores are the job's to take as usual (an
    // ignored signal would stay ignored across the spawn), and so is the
    // SIGINT the shell blocks for now.
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGTTOU);
    sigaddset(&defaults, SIGTTIN);
    sigaddset(&defaults, SIGTSTP);
    posix_spawnattr_setsigdefault(&attributes_, &defaults);
    short flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF;
    if (blocked_) {
      posix_spawnattr_setsigmask(&attributes_, &mask_);
      flags |= POSIX_SPAWN_SETSIGMASK;
    }
    posix_spawnattr_setflags(&attributes_, flags);
  }
  posix_spawnattr_setpgroup(&attributes_, group_);  // 0: a new group, led by this process
  return &attributes_;
}

int ProcessGroup::add_actions(posix_spawn_file_actions_t* actions) {
  if (!enabled_ || !foreground_ || group_ != 0) return 0;
  terminal_ = true;  // return_terminal gives it back to the shell
  return posix_spawn_file_actions_addtcsetpgrp_np(actions, 0);
}

void ProcessGroup::started(pid_t pid) {
  if (group_ == 0) group_ = pid;
}

void ProcessGroup::take_terminal() {
  if (!enabled_) return;
  if (group_ != 0) {
    // A job that read the terminal before it was given it stopped; the
    // shell's wait continues it (Shell::wait_status).
    g_foreground_group = group_;
    terminal_ = tcsetpgrp(0, group_) == 0;
  }
  unblock_interrupts();  // a Ctrl-C that came meanwhile goes to the job now
}

void ProcessGroup::return_terminal() {
  if (!enabled_ || group_ == 0) return;
  g_foreground_group = 0;
  if (terminal_) (void)tcsetpgrp(0, getpgrp());
  terminal_ = false;
}

void ProcessGroup::unblock_interrupts() {
  if (blocked_) sigprocmask(SIG_SETMASK, &mask_, nullptr);
  blocked_ = false;
}

}  // namespace sh
