// rmdir DIR...: removes empty directories.
#include <unistd.h>

#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("rmdir");
  if (next_option(argc, argv, "") != -1 || optind == argc) return usage("dir...");
  int result = kExitOk;
  for (int i = optind; i < argc; ++i) {
    if (rmdir(argv[i]) != 0) result = report_errno(argv[i]);
  }
  return result;
}
