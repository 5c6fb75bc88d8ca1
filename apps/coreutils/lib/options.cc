#include "options.h"

#include <string.h>
#include <unistd.h>

#include "report.h"

namespace coreutils {

int next_option(int argc, char* const argv[], const char* spec) {
  // getopt's own messages name argv[0], which may be a whole path.
  opterr = 0;
  // Inside a group such as "-ab", getopt keeps optind on the group, which
  // starts with '-': the check below lets it go on.
  if (optind < argc) {
    const char* arg = argv[optind];
    if (arg[0] != '-' || arg[1] == '\0') return -1;
  }
  int option = getopt(argc, argv, spec);
  if (option == '?') {
    const char* known = optopt ? strchr(spec, optopt) : nullptr;
    if (known && known[1] == ':') complain("option -%c needs an argument", optopt);
    else complain("unknown option -%c", optopt);
  }
  return option;
}

}  // namespace coreutils
