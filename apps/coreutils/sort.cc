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
  int files = argc - optind;
  for (int i = 0; i < (files ? files : 1); ++i) {
    const char* path = files ? argv[optind + i] : "-";
    int fd = open_input(path);
    if (fd < 0) return report_errno(path);
    size_t before = text.size;
    bool read = read_all(fd, text);
    close_input(fd);
    if (!read) return report_errno(path);
    // Every file's last line ends, so that it does not run into the next file's first.
    if (text.size > before && text.data[text.size - 1] != '\n' && !text.append("\n", 1)) return report_errno(path);
  }
  Lines lines;
  if (!split_lines(text, lines)) return report_errno("sort");
  size_t count = lines.count;
  if (!sort_lines(lines.line, count, order)) return report_errno("sort");
  for (size_t i = 0; i < count; ++i) puts(lines.line[i]);
  if (fflush(stdout) != 0) return report_errno("stdout");
  return kExitOk;
}
