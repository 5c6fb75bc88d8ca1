#include "report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

namespace coreutils {

namespace {
const char* name_ = "?";
}

void set_program_name(const char* name) { name_ = name; }

const char* program_name() { return name_; }

int report_errno(const char* what) {
  int error = errno;
  // stdout first, so that what was printed before the error comes before it.
  fflush(stdout);
  fprintf(stderr, "%s: %s: %s\n", name_, what, strerror(error));
  return kExitFailure;
}

int complain(const char* format, ...) {
  fflush(stdout);
  fprintf(stderr, "%s: ", name_);
  va_list args;
  va_start(args, format);
  vfprintf(stderr, format, args);
  va_end(args);
  fputc('\n', stderr);
  return kExitFailure;
}

int usage(const char* synopsis) {
  fflush(stdout);
  fprintf(stderr, "usage: %s %s\n", name_, synopsis);
  return kExitUsage;
}

}  // namespace coreutils
