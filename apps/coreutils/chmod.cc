// chmod MODE FILE...: sets each file's permission bits to MODE, an octal
// number or symbolic clauses (u+x, go-w, a=r,u+w; lib/mode_change.h).
// What a file system keeps of a mode is its own (docs/posix.md, "Modes and
// times"); -R is not supported.
#include <sys/stat.h>

#include "lib/mode_change.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("chmod");
  if (next_option(argc, argv, "") != -1 || argc - optind < 2) return usage("mode file...");
  const char* spec = argv[optind];
  mode_t mask = umask(0);
  umask(mask);
  mode_t mode;
  if (!change_mode(spec, 0, false, mask, mode)) return complain("invalid mode: %s", spec);
  int result = kExitOk;
  for (int i = optind + 1; i < argc; ++i) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      result = report_errno(argv[i]);
      continue;
    }
    (void)change_mode(spec, st.st_mode & 07777, S_ISDIR(st.st_mode), mask, mode);
    if (chmod(argv[i], mode) != 0) result = report_errno(argv[i]);
  }
  return result;
}
