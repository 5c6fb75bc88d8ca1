// sleep SECONDS: waits that long; SECONDS may have a fraction ("0.25").
#include <errno.h>
#include <string.h>
#include <time.h>

#include "lib/decimal.h"
#include "lib/report.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("sleep");
  // No options: "-1" is a (bad) time, not an option.
  int first = argc > 1 && strcmp(argv[1], "--") == 0 ? 2 : 1;
  if (argc - first != 1) return usage("seconds");
  const char* operand = argv[first];
  Decimal seconds;
  Decimal nanoseconds;
  if (!parse_decimal(operand, seconds) || seconds.scaled < 0 || seconds.places > 9 ||
      !rescale(seconds, 9, nanoseconds)) {
    complain("invalid time: %s", operand);
    return usage("seconds");
  }
  struct timespec left = {time_t(nanoseconds.scaled / 1000000000), long(nanoseconds.scaled % 1000000000)};
  while (nanosleep(&left, &left) != 0) {
    if (errno != EINTR) return report_errno("nanosleep");
  }
  return kExitOk;
}
