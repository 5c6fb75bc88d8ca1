// echo [-n] [STRING...]: the strings, separated by blanks, and a newline
// (none with -n). Like POSIX echo it takes no other options, and `--` is
// printed as it is.
#include <stdio.h>
#include <string.h>

#include "lib/report.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("echo");
  int first = 1;
  bool newline = true;
  if (argc > 1 && strcmp(argv[1], "-n") == 0) {
    newline = false;
    first = 2;
  }
  for (int i = first; i < argc; ++i) {
    if (i > first) fputc(' ', stdout);
    fputs(argv[i], stdout);
  }
  if (newline) fputc('\n', stdout);
  if (fflush(stdout) != 0) return report_errno("stdout");
  return kExitOk;
}
