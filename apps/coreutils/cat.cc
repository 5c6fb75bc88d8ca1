// cat [FILE...]: the files, or stdin, one after the other on stdout.
#include <errno.h>
#include <unistd.h>

#include "lib/input.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

int copy_out(const char* path) {
  int fd = open_input(path);
  if (fd < 0) return report_errno(path);
  static char chunk[64 * 1024];
  int result = kExitOk;
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      result = report_errno(path);
      break;
    }
    if (n == 0) break;
    if (!write_all(STDOUT_FILENO, chunk, size_t(n))) {
      result = report_errno("stdout");
      break;
    }
  }
  close_input(fd);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("cat");
  // -u (unbuffered) is what cat always is here.
  for (int c; (c = next_option(argc, argv, "u")) != -1;) {
    if (c != 'u') return usage("[-u] [file...]");
  }
  if (optind == argc) return copy_out("-");
  int result = kExitOk;
  for (int i = optind; i < argc; ++i) {
    if (copy_out(argv[i]) != kExitOk) result = kExitFailure;
  }
  return result;
}
