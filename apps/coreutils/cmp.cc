// cmp [-s] FILE1 FILE2: where two files first differ ("-" is stdin), as
// POSIX words it: `a b differ: char N, line L`; when one is a prefix of the
// other, on stderr as GNU cmp words it: `cmp: EOF on b after byte N, line L`.
// -s: nothing printed. Exit status: 0 same, 1 different, 2 trouble.
#include <stdint.h>
#include <stdio.h>

#include "lib/input.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

constexpr int kSame = 0, kDifferent = 1, kTrouble = 2;

// A byte at a time from a file, through LineReader's buffering.
class ByteStream {
 public:
  explicit ByteStream(int fd) : reader_(fd) {}
  // The next byte, -1 at the end, -2 on a read error.
  int next() {
    if (at_ == length_) {
      if (!reader_.next(line_, length_)) return reader_.failed() ? -2 : -1;
      at_ = 0;
    }
    return static_cast<unsigned char>(line_[at_++]);
  }

 private:
  LineReader reader_;
  const char* line_ = nullptr;
  size_t length_ = 0;
  size_t at_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  set_program_name("cmp");
  bool silent = false;
  for (int c; (c = next_option(argc, argv, "s")) != -1;) {
    if (c != 's') {
      usage("[-s] file1 file2");
      return kTrouble;
    }
    silent = true;
  }
  if (argc - optind != 2) {
    usage("[-s] file1 file2");
    return kTrouble;
  }
  const char* names[2] = {argv[optind], argv[optind + 1]};
  int fds[2];
  for (int i = 0; i < 2; ++i) {
    fds[i] = open_input(names[i]);
    if (fds[i] < 0) {
      report_errno(names[i]);
      if (i == 1) close_input(fds[0]);
      return kTrouble;
    }
  }
  ByteStream a(fds[0]), b(fds[1]);
  uint64_t byte = 0, newlines = 0;
  int last = -1;
  int result = kSame;
  for (;;) {
    int x = a.next(), y = b.next();
    if (x == -2 || y == -2) {
      report_errno(names[x == -2 ? 0 : 1]);
      result = kTrouble;
      break;
    }
    if (x == -1 && y == -1) break;
    if (x == -1 || y == -1) {
      const char* shorter = names[x == -1 ? 0 : 1];
      if (!silent) {
        fflush(stdout);
        if (byte == 0) fprintf(stderr, "cmp: EOF on %s which is empty\n", shorter);
        else if (last == '\n') fprintf(stderr, "cmp: EOF on %s after byte %llu, line %llu\n", shorter, (unsigned long long)byte, (unsigned long long)newlines);
        else fprintf(stderr, "cmp: EOF on %s after byte %llu, in line %llu\n", shorter, (unsigned long long)byte, (unsigned long long)newlines + 1);
      }
      result = kDifferent;
      break;
    }
    ++byte;
    if (x != y) {
      if (!silent) printf("%s %s differ: char %llu, line %llu\n", names[0], names[1], (unsigned long long)byte, (unsigned long long)newlines + 1);
      result = kDifferent;
      break;
    }
    if (x == '\n') ++newlines;
    last = x;
  }
  close_input(fds[0]);
  close_input(fds[1]);
  if (fflush(stdout) != 0) {
    report_errno("stdout");
    return kTrouble;
  }
  return result;
}
