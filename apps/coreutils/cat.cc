// cat [FILE...]: the files, or stdin, one after the other on stdout.
#include <errno.h>
#include <unistd.h>

#include "lib/input.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

int copy_out(int fd, const char* path, int) {
  static char chunk[64 * 1024];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return report_errno(path);
    if (n == 0) return kExitOk;
    if (!write_all(STDOUT_FILENO, chunk, size_t(n))) return report_errno("stdout");
  }
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("cat");
  // -u (unbuffered) is what cat always is here.
  for (int c; (c = next_option(argc, argv, "u")) != -1;) {
    if (c != 'u') return usage("[-u] [file...]");
  }
  return for_each_input(argc, argv, optind, copy_out);
}
