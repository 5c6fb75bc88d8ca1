// touch FILE...: makes each file that does not exist (empty), and sets the
// access and modification times of each to now. Where the file system keeps
// no times (ENOTSUP: every file system on Tessera) there is nothing to set.
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

int touch(const char* path) {
  int fd = open(path, O_WRONLY | O_CREAT, 0666);
  // A directory cannot be opened for writing, but its times can be set.
  if (fd < 0 && errno != EISDIR) return report_errno(path);
  if (fd >= 0) close(fd);
  if (utimensat(AT_FDCWD, path, nullptr, 0) != 0 && errno != ENOTSUP) return report_errno(path);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("touch");
  if (next_option(argc, argv, "") != -1 || optind == argc) return usage("file...");
  int result = kExitOk;
  for (int i = optind; i < argc; ++i) {
    if (touch(argv[i]) != kExitOk) result = kExitFailure;
  }
  return result;
}
