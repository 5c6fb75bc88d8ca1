// tail [-n [+]LINES | -c [+]BYTES] [FILE...]: the last 10 (or LINES) lines
// or the last BYTES bytes of each file or of stdin; with `+`, everything
// from line (byte) LINES on, counting from 1. Several files are each
// headed by `==> name <==`.
#include <stdint.h>
#include <stdio.h>

#include "lib/input.h"
#include "lib/number.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

constexpr const char* kSynopsis = "[-n [+]lines | -c [+]bytes] [file...]";

struct Amount {
  uint64_t count = 10;
  bool bytes = false;
  bool from_start = false;  // "+count"
};

// Where the output starts in text[0, size).
size_t start_of_tail(const char* text, size_t size, const Amount& amount) {
  if (amount.bytes) {
    if (amount.from_start) return amount.count == 0 ? 0 : (amount.count - 1 < size ? size_t(amount.count - 1) : size);
    return amount.count < size ? size - size_t(amount.count) : 0;
  }
  if (amount.from_start) {
    size_t at = 0;
    for (uint64_t line = 1; line < amount.count && at < size; ++at) {
      if (text[at] == '\n') ++line;
    }
    return at;
  }
  // Back from the end, past `count` newlines (a last line without one
  // counts as a line).
  size_t at = size;
  uint64_t lines = 0;
  if (at > 0 && text[at - 1] == '\n') --at;
  while (at > 0) {
    if (text[at - 1] == '\n' && ++lines == amount.count) break;
    --at;
  }
  return amount.count == 0 ? size : at;
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("tail");
  Amount amount;
  for (int c; (c = next_option(argc, argv, "n:c:")) != -1;) {
    if (c == '?') return usage(kSynopsis);
    const char* number = optarg;
    amount.from_start = number[0] == '+';
    if (number[0] == '+' || number[0] == '-') ++number;
    if (!parse_unsigned(number, amount.count)) {
      complain("invalid number: %s", optarg);
      return usage(kSynopsis);
    }
    amount.bytes = c == 'c';
  }
  bool headings = argc - optind > 1;
  int result = for_each_input(argc, argv, optind, [&](int fd, const char* path, int index) {
    Buffer text;
    if (!read_all(fd, text)) return report_errno(path);
    if (headings) printf("%s==> %s <==\n", index ? "\n" : "", path);
    size_t start = start_of_tail(text.data, text.size, amount);
    fwrite(text.data + start, 1, text.size - start, stdout);
    return kExitOk;
  });
  if (fflush(stdout) != 0) return report_errno("stdout");
  return result;
}
