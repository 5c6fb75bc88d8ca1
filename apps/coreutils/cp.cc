// cp [-r] FROM TO, cp [-r] FROM... DIR: copies files; with -r (or -R)
// directories and all they hold.
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/destination.h"
#include "lib/options.h"
#include "lib/path.h"
#include "lib/report.h"
#include "lib/tree.h"

using namespace coreutils;

namespace {

// Whether `to` lies inside directory `from`: copying would never end.
bool is_inside(const char* to, const char* from) {
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return false;
  char* inner = path_absolute(to, cwd);
  char* outer = path_absolute(from, cwd);
  bool inside = inner && outer && path_is_within(inner, outer);
  free(inner);
  free(outer);
  return inside;
}

int copy_one(const char* from, const Destination& destination, bool recursive) {
  struct stat st;
  if (stat(from, &st) != 0) return report_errno(from);
  char* to = destination_for(from, destination);
  if (!to) return report_errno(from);
  int result;
  if (!S_ISDIR(st.st_mode)) {
    result = copy_file(from, to);
  } else if (!recursive) {
    result = complain("%s: is a directory (not copied without -r)", from);
  } else if (is_inside(to, from)) {
    result = complain("%s: cannot copy a directory into itself (%s)", from, to);
  } else {
    result = copy_tree(from, to);
  }
  free(to);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("cp");
  bool recursive = false;
  for (int c; (c = next_option(argc, argv, "rR")) != -1;) {
    if (c == '?') return usage("[-r] from... to");
    recursive = true;
  }
  int sources = argc - optind - 1;
  if (sources < 1) return usage("[-r] from... to");
  Destination destination;
  if (!find_destination(sources, argv[argc - 1], destination)) return kExitFailure;
  int result = kExitOk;
  for (int i = optind; i < argc - 1; ++i) {
    if (copy_one(argv[i], destination, recursive) != kExitOk) result = kExitFailure;
  }
  return result;
}
