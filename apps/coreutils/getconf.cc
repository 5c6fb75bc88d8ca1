// getconf: prints the value of a system limit sysconf knows.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

struct Variable {
  const char* name;
  int sysconf_name;
};

constexpr Variable kVariables[] = {
    {"ARG_MAX", _SC_ARG_MAX},
    {"OPEN_MAX", _SC_OPEN_MAX},
    {"PAGESIZE", _SC_PAGESIZE},
    {"PAGE_SIZE", _SC_PAGESIZE},
};

}  // namespace

int main(int argc, char** argv) {
  set_program_name("getconf");
  for (int c; (c = next_option(argc, argv, "")) != -1;) {
    if (c == '?') return usage("name");
  }
  if (optind + 1 != argc) return usage("name");
  const char* name = argv[optind];
  for (const Variable& v : kVariables) {
    if (strcmp(v.name, name) != 0) continue;
    long value = sysconf(v.sysconf_name);
    if (value == -1) return report_errno(name);
    printf("%ld\n", value);
    if (fflush(stdout) != 0) return report_errno("stdout");
    return kExitOk;
  }
  return complain("%s: unknown variable", name);
}
