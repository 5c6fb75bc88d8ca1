// umount PATH...: removes the mount at each path from the caller's
// mountspace (lib/mountspace.h).
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/mountspace.h"
#include "lib/options.h"
#include "lib/path.h"
#include "lib/report.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("umount");
  if (next_option(argc, argv, "") != -1 || optind == argc) return usage("path...");
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return report_errno(".");
  int result = kExitOk;
  for (int i = optind; i < argc; ++i) {
    char* path = path_absolute(argv[i], cwd);
    if (!path || mount_remove(path) != 0) result = report_errno(argv[i]);
    free(path);
  }
  return result;
}
