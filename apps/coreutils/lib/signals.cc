#include "signals.h"

#include <signal.h>
#include <stdlib.h>
#include <strings.h>

namespace coreutils {

namespace {

struct Signal {
  int number;
  const char* name;
};

// POSIX's signals, in Linux's number order (the order kill -l shows).
constexpr Signal kSignals[] = {
    {SIGHUP, "HUP"},   {SIGINT, "INT"},   {SIGQUIT, "QUIT"}, {SIGILL, "ILL"},   {SIGTRAP, "TRAP"},
    {SIGABRT, "ABRT"}, {SIGBUS, "BUS"},   {SIGFPE, "FPE"},   {SIGKILL, "KILL"}, {SIGUSR1, "USR1"},
    {SIGSEGV, "SEGV"}, {SIGUSR2, "USR2"}, {SIGPIPE, "PIPE"}, {SIGALRM, "ALRM"}, {SIGTERM, "TERM"},
    {SIGCHLD, "CHLD"}, {SIGCONT, "CONT"}, {SIGSTOP, "STOP"}, {SIGTSTP, "TSTP"}, {SIGTTIN, "TTIN"},
    {SIGTTOU, "TTOU"},
};

}  // namespace

int signal_number(const char* name) {
  if (name[0] >= '0' && name[0] <= '9') {
    char* end = nullptr;
    long n = strtol(name, &end, 10);
    if (*end != '\0') return -1;
    if (n == 0) return 0;
    return signal_name(int(n)) ? int(n) : -1;
  }
  if (strncasecmp(name, "SIG", 3) == 0) name += 3;
  for (const Signal& s : kSignals) {
    if (strcasecmp(name, s.name) == 0) return s.number;
  }
  return -1;
}

const char* signal_name(int number) {
  for (const Signal& s : kSignals) {
    if (s.number == number) return s.name;
  }
  return nullptr;
}

void for_each_signal(void (*visit)(int number, const char* name, void* context), void* context) {
  for (const Signal& s : kSignals) visit(s.number, s.name, context);
}

}  // namespace coreutils
