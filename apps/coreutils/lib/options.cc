#include "options.h"

#include <unistd.h>

namespace coreutils {

int next_option(int argc, char* const argv[], const char* spec) {
  // Inside a group such as "-ab", getopt keeps optind on the group, which
  // starts with '-': the check below lets it go on.
  if (optind < argc) {
    const char* arg = argv[optind];
    if (arg[0] != '-' || arg[1] == '\0') return -1;
  }
  return getopt(argc, argv, spec);
}

}  // namespace coreutils
