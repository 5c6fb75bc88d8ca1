// sort [-rnu] [FILE...]: the lines of all the files (or stdin), sorted by
// their bytes or, with -n, by their leading numbers; -r reverses; -u
// keeps one of each set of equal lines (lib/sort_lines.h).
#include <stdio.h>

#include "lib/input.h"
#include "lib/options.h"
#include "lib/report.h"
#include "lib/sort_lines.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("sort");
  SortOrder order;
  for (int c; (c = next_option(argc, argv, "rnu")) != -1;) {
    if (c == 'r') order.reverse = true;
    else if (c == 'n') order.numeric = true;
    else if (c == 'u') order.unique = true;
    else return usage("[-rnu] [file...]");
  }
  Buffer text;
  int read = for_each_input(argc, argv, optind, [&](int fd, const char* path, int) {
    size_t before = text.size;
    if (!read_all(fd, text)) return report_errno(path);
    // Every file's last line ends, so that it does not run into the next file's first.
    if (text.size > before && text.data[text.size - 1] != '\n' && !text.append("\n", 1)) return report_errno(path);
    return kExitOk;
  });
  // Sorting part of the input would look like a result.
  if (read != kExitOk) return read;
  Lines lines;
  if (!split_lines(text, lines)) return report_errno("sort");
  size_t count = lines.count;
  if (!sort_lines(lines.line, count, order)) return report_errno("sort");
  for (size_t i = 0; i < count; ++i) puts(lines.line[i]);
  if (fflush(stdout) != 0) return report_errno("stdout");
  return kExitOk;
}
