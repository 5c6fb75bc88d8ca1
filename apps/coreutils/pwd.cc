// pwd: the working directory.
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("pwd");
  // -L and -P choose how symbolic links are shown; getcwd has none in it.
  for (int c; (c = next_option(argc, argv, "LP")) != -1;) {
    if (c == '?') return usage("[-L|-P]");
  }
  if (optind != argc) return usage("[-L|-P]");
  char path[PATH_MAX];
  if (!getcwd(path, sizeof path)) return report_errno(".");
  puts(path);
  if (fflush(stdout) != 0) return report_errno("stdout");
  return kExitOk;
}
