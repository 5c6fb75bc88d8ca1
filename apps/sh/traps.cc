#include "traps.h"

#include <stdlib.h>
#include <string.h>

namespace sh {

namespace {

volatile sig_atomic_t g_pending[Traps::kCount];

void mark_pending(int signal) {
  if (signal > 0 && signal < Traps::kCount) g_pending[signal] = 1;
}

struct Named {
  const char* name;
  int condition;
};

constexpr Named kNames[] = {
    {"EXIT", Traps::kExit}, {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"ABRT", SIGABRT},
    {"KILL", SIGKILL},      {"USR1", SIGUSR1}, {"SEGV", SIGSEGV}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE},
    {"ALRM", SIGALRM},      {"TERM", SIGTERM}, {"CHLD", SIGCHLD}, {"CONT", SIGCONT}, {"STOP", SIGSTOP},
};

}  // namespace

int Traps::condition(const char* name) {
  if (name[0] >= '0' && name[0] <= '9') {
    char* end = nullptr;
    long number = strtol(name, &end, 10);
    return *end == '\0' && number < kCount ? static_cast<int>(number) : -1;
  }
  if (strncasecmp(name, "SIG", 3) == 0) name += 3;
  for (const Named& named : kNames) {
    if (strcasecmp(named.name, name) == 0) return named.condition;
  }
  return -1;
}

const char* Traps::name(int condition) {
  for (const Named& named : kNames) {
    if (named.condition == condition) return named.name;
  }
  return "?";
}

bool Traps::set(int condition, const char* action) {
  if (condition < 0 || condition >= kCount || condition == SIGKILL || condition == SIGSTOP) return false;
  bool reset = strcmp(action, "-") == 0;
  set_[condition] = !reset;
  actions_[condition] = reset ? "" : action;
  if (condition == kExit) return true;
  g_pending[condition] = 0;
  struct sigaction disposition;
  memset(&disposition, 0, sizeof disposition);
  disposition.sa_handler = reset ? SIG_DFL : *action ? mark_pending : SIG_IGN;
  disposition.sa_flags = SA_RESTART;
  sigemptyset(&disposition.sa_mask);
  sigaction(condition, &disposition, nullptr);
  return true;
}

const Text* Traps::action(int condition) const { return set_[condition] ? &actions_[condition] : nullptr; }

int Traps::take_pending() {
  for (int signal = 1; signal < kCount; ++signal) {
    if (!g_pending[signal]) continue;
    g_pending[signal] = 0;
    if (set_[signal] && !actions_[signal].empty()) return signal;
  }
  return -1;
}

}  // namespace sh
