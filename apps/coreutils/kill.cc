// kill [-s SIGNAL | -SIGNAL] PID...: sends a signal (TERM unless named) to
// each process. kill -l: the signal names. Signals are named as in
// lib/signals.h ("KILL", "SIGKILL", "9").
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "lib/number.h"
#include "lib/report.h"
#include "lib/signals.h"

using namespace coreutils;

namespace {

constexpr const char* kSynopsis = "[-s signal | -signal] pid... | -l";

void print_signal(int number, const char* name, void*) { printf("%2d) SIG%s\n", number, name); }

}  // namespace

int main(int argc, char** argv) {
  set_program_name("kill");
  // getopt cannot parse "-9" or "-KILL": the options are read by hand.
  int signal = SIGTERM;
  int first = 1;
  if (argc >= 2 && strcmp(argv[1], "-l") == 0) {
    if (argc != 2) return usage(kSynopsis);
    for_each_signal(print_signal, nullptr);
    return kExitOk;
  }
  const char* name = nullptr;
  if (argc >= 3 && strcmp(argv[1], "-s") == 0) {
    name = argv[2];
    first = 3;
  } else if (argc >= 2 && argv[1][0] == '-' && strcmp(argv[1], "--") != 0) {
    name = argv[1] + 1;
    first = 2;
  }
  if (name && (signal = signal_number(name)) < 0) {
    complain("%s: unknown signal", name);
    return usage(kSynopsis);
  }
  if (first < argc && strcmp(argv[first], "--") == 0) ++first;
  if (first == argc) return usage(kSynopsis);
  int result = kExitOk;
  for (int i = first; i < argc; ++i) {
    int64_t pid = 0;
    if (!parse_signed(argv[i], pid) || pid != int64_t(pid_t(pid))) {
      result = complain("%s: not a process id", argv[i]);
      continue;
    }
    if (kill(pid_t(pid), signal) != 0) result = report_errno(argv[i]);
  }
  return result;
}
