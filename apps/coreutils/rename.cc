// rename FROM TO: rename(2) itself, nothing more. Across file systems it
// fails with EXDEV (mv copies instead).
#include <stdio.h>

#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("rename");
  if (next_option(argc, argv, "") != -1 || argc - optind != 2) return usage("from to");
  const char* from = argv[optind];
  if (rename(from, argv[optind + 1]) != 0) return report_errno(from);
  return kExitOk;
}
