// rm [-rf] FILE...: removes files; with -r directories and all they hold.
// -f: a file that does not exist is no error, and no operand is no error.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/options.h"
#include "lib/path.h"
#include "lib/report.h"
#include "lib/tree.h"

using namespace coreutils;

namespace {

int remove_one(const char* path, bool recursive, bool force) {
  // POSIX forbids removing "." and "..": the walk would empty the
  // directory the user stands in.
  char* name = path_last_name(path);
  bool dots = name && (strcmp(name, ".") == 0 || strcmp(name, "..") == 0);
  free(name);
  if (dots) return complain("%s: refusing to remove '.' or '..'", path);
  if (recursive) return remove_tree(path, force);
  struct stat st;
  if (lstat(path, &st) != 0) return force && errno == ENOENT ? kExitOk : report_errno(path);
  if (S_ISDIR(st.st_mode)) {
    errno = EISDIR;
    return report_errno(path);
  }
  return unlink(path) == 0 ? kExitOk : report_errno(path);
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("rm");
  bool recursive = false, force = false;
  for (int c; (c = next_option(argc, argv, "rRf")) != -1;) {
    if (c == 'r' || c == 'R') recursive = true;
    else if (c == 'f') force = true;
    else return usage("[-rf] file...");
  }
  if (optind == argc) return force ? kExitOk : usage("[-rf] file...");
  int result = kExitOk;
  for (int i = optind; i < argc; ++i) {
    if (remove_one(argv[i], recursive, force) != kExitOk) result = kExitFailure;
  }
  return result;
}
