// sleep SECONDS: waits that long; SECONDS may have a fraction ("0.25").
#include <errno.h>
#include <time.h>

#include "lib/decimal.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("sleep");
  if (next_option(argc, argv, "") != -1 || argc - optind != 1) return usage("seconds");
  Decimal seconds;
  Decimal nanoseconds;
  if (!parse_decimal(argv[optind], seconds) || seconds.scaled < 0 || seconds.places > 9 ||
      !rescale(seconds, 9, nanoseconds)) {
    complain("invalid time: %s", argv[optind]);
    return usage("seconds");
  }
  struct timespec left = {time_t(nanoseconds.scaled / 1000000000), long(nanoseconds.scaled % 1000000000)};
  while (nanosleep(&left, &left) != 0) {
    if (errno != EINTR) return report_errno("nanosleep");
  }
  return kExitOk;
}
