// touch [-d date_time] FILE...: makes each file that does not exist (empty),
// and sets the access and modification times of each to now, or to
// date_time (YYYY-MM-DDThh:mm:SS[.frac][Z], lib/date_time.h). What a file
// system keeps of them is its own (docs/posix.md, "Modes and times").
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/date_time.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

// times null: now.
int touch(const char* path, const struct timespec* times) {
  int fd = open(path, O_WRONLY | O_CREAT, 0666);
  // A directory cannot be opened for writing, but its times can be set.
  if (fd < 0 && errno != EISDIR) return report_errno(path);
  if (fd >= 0) close(fd);
  if (utimensat(AT_FDCWD, path, times, 0) != 0) return report_errno(path);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("touch");
  struct timespec given[2];
  const struct timespec* times = nullptr;
  for (int option; (option = next_option(argc, argv, "d:")) != -1;) {
    if (option != 'd') return usage("[-d date_time] file...");
    if (!parse_date_time(optarg, given[0])) return complain("invalid date_time: %s", optarg);
    given[1] = given[0];
    times = given;
  }
  if (optind == argc) return usage("[-d date_time] file...");
  int result = kExitOk;
  for (int i = optind; i < argc; ++i) {
    if (touch(argv[i], times) != kExitOk) result = kExitFailure;
  }
  return result;
}
