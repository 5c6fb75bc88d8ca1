// head [-n LINES | -c BYTES] [FILE...]: the first 10 (or LINES) lines, or
// the first BYTES bytes, of each file or of stdin. Several files are each
// headed by `==> name <==`.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/input.h"
#include "lib/number.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

constexpr const char* kSynopsis = "[-n lines | -c bytes] [file...]";

int head_lines(int fd, const char* path, uint64_t count) {
  LineReader reader(fd);
  const char* line;
  size_t length;
  for (uint64_t i = 0; i < count && reader.next(line, length); ++i) fwrite(line, 1, length, stdout);
  return reader.failed() ? report_errno(path) : kExitOk;
}

int head_bytes(int fd, const char* path, uint64_t count) {
  static char chunk[64 * 1024];
  while (count > 0) {
    ssize_t n = read(fd, chunk, count < sizeof chunk ? size_t(count) : sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return report_errno(path);
    if (n == 0) break;
    fwrite(chunk, 1, size_t(n), stdout);
    count -= uint64_t(n);
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("head");
  uint64_t count = 10;
  bool bytes = false;
  for (int c; (c = next_option(argc, argv, "n:c:")) != -1;) {
    if (c == '?') return usage(kSynopsis);
    if (!parse_unsigned(optarg, count)) {
      complain("invalid number: %s", optarg);
      return usage(kSynopsis);
    }
    bytes = c == 'c';
  }
  bool headings = argc - optind > 1;
  int result = for_each_input(argc, argv, optind, [&](int fd, const char* path, int index) {
    if (headings) printf("%s==> %s <==\n", index ? "\n" : "", path);
    return bytes ? head_bytes(fd, path, count) : head_lines(fd, path, count);
  });
  if (fflush(stdout) != 0) return report_errno("stdout");
  return result;
}
