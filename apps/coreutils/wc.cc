// wc [-lwc] [FILE...]: the lines, words and bytes of each file or of stdin
// (all three unless some are asked for), then their totals when there are
// several files. Columns as GNU wc lays them out (lib/word_count.h).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/input.h"
#include "lib/options.h"
#include "lib/report.h"
#include "lib/word_count.h"

using namespace coreutils;

namespace {

struct Shown {
  bool lines = false, words = false, bytes = false;
};

void print_counts(const WordCount& count, const Shown& shown, int width, const char* name) {
  const char* separator = "";
  if (shown.lines) {
    printf("%*llu", width, (unsigned long long)count.lines);
    separator = " ";
  }
  if (shown.words) {
    printf("%s%*llu", separator, width, (unsigned long long)count.words);
    separator = " ";
  }
  if (shown.bytes) printf("%s%*llu", separator, width, (unsigned long long)count.bytes);
  if (name) printf(" %s", name);
  putchar('\n');
}

bool count_input(int fd, WordCount& count) {
  static char chunk[64 * 1024];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    count.feed(chunk, size_t(n));
  }
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("wc");
  Shown shown;
  for (int c; (c = next_option(argc, argv, "lwc")) != -1;) {
    if (c == 'l') shown.lines = true;
    else if (c == 'w') shown.words = true;
    else if (c == 'c') shown.bytes = true;
    else return usage("[-lwc] [file...]");
  }
  if (!shown.lines && !shown.words && !shown.bytes) shown = Shown{true, true, true};
  int counts_shown = shown.lines + shown.words + shown.bytes;
  size_t files = size_t(argc - optind);
  size_t inputs = files ? files : 1;
  InputSize* sizes = static_cast<InputSize*>(calloc(inputs, sizeof(InputSize)));
  if (!sizes) return report_errno("wc");
  for (size_t i = 0; i < inputs; ++i) {
    struct stat st;
    bool stdin_input = !files || strcmp(argv[optind + i], "-") == 0;
    int r = stdin_input ? fstat(STDIN_FILENO, &st) : stat(argv[optind + i], &st);
    sizes[i].stat_failed = r != 0;
    sizes[i].regular = r == 0 && S_ISREG(st.st_mode);
    sizes[i].size = r == 0 ? uint64_t(st.st_size) : 0;
  }
  int width = count_width(sizes, inputs, counts_shown);
  free(sizes);
  int result = kExitOk;
  WordCount total;
  for (size_t i = 0; i < inputs; ++i) {
    const char* path = files ? argv[optind + i] : "-";
    int fd = open_input(path);
    if (fd < 0) {
      result = report_errno(path);
      continue;
    }
    WordCount count;
    bool ok = count_input(fd, count);
    close_input(fd);
    if (!ok) {
      result = report_errno(path);
      continue;
    }
    print_counts(count, shown, width, files ? path : nullptr);
    total.lines += count.lines;
    total.words += count.words;
    total.bytes += count.bytes;
  }
  if (files > 1) print_counts(total, shown, width, "total");
  if (fflush(stdout) != 0) return report_errno("stdout");
  return result;
}
