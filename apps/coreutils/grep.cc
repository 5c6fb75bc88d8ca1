// grep [-Fvicnlq] [-e PATTERN]... [PATTERN] [FILE...]: the lines of each
// file (or stdin) that contain a pattern: a basic regular expression, or a
// fixed string with -F. -v: the lines that do not. -i: any case. -c: how
// many lines. -n: with their line numbers. -l: only the names of files
// with such lines. -q: nothing; the status says. With several files each
// line is prefixed by its file's name.
// Exit status: 0 a line was selected, 1 none, 2 an error (even with a
// selection, unless -q).
#include <stdio.h>

#include "lib/input.h"
#include "lib/line_pattern.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

constexpr const char* kSynopsis = "[-Fvicnlq] [-e pattern]... [pattern] [file...]";
constexpr int kFound = 0, kNotFound = 1, kTrouble = 2;

struct Options {
  bool fixed = false, invert = false, ignore_case = false, count = false, numbers = false, names_only = false,
       quiet = false;
  bool prefix_names = false;
};

// Returns whether a line was selected; failed: a read error.
bool grep_input(int fd, const char* name, const LinePattern& pattern, const Options& options, bool& failed) {
  LineReader reader(fd);
  const char* line;
  size_t length;
  unsigned long long selected = 0, number = 0;
  while (reader.next(line, length)) {
    ++number;
    size_t text_length = length > 0 && line[length - 1] == '\n' ? length - 1 : length;
    if (pattern.matches(line, text_length) == options.invert) continue;
    ++selected;
    if (options.quiet) return true;
    if (options.names_only) break;
    if (options.count) continue;
    if (options.prefix_names) printf("%s:", name);
    if (options.numbers) printf("%llu:", number);
    fwrite(line, 1, text_length, stdout);
    putchar('\n');
  }
  failed = reader.failed();
  if (options.count) {
    if (options.prefix_names) printf("%s:", name);
    printf("%llu\n", selected);
  }
  if (options.names_only && selected > 0) puts(name);
  return selected > 0;
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("grep");
  Options options;
  // The -e patterns, compiled once all options (-F, -i) are known.
  const char* given[64];
  int given_count = 0;
  for (int c; (c = next_option(argc, argv, "Fvicnlqe:")) != -1;) {
    switch (c) {
      case 'F': options.fixed = true; break;
      case 'v': options.invert = true; break;
      case 'i': options.ignore_case = true; break;
      case 'c': options.count = true; break;
      case 'n': options.numbers = true; break;
      case 'l': options.names_only = true; break;
      case 'q': options.quiet = true; break;
      case 'e':
        if (given_count == 64) {
          complain("too many -e patterns");
          return kTrouble;
        }
        given[given_count++] = optarg;
        break;
      default: usage(kSynopsis); return kTrouble;
    }
  }
  if (given_count == 0) {
    if (optind == argc) {
      usage(kSynopsis);
      return kTrouble;
    }
    given[given_count++] = argv[optind++];
  }
  LinePattern pattern;
  for (int i = 0; i < given_count; ++i) {
    if (!pattern.add(given[i], options.fixed, options.ignore_case)) {
      complain("%s: %s", given[i], pattern.error());
      return kTrouble;
    }
  }
  int files = argc - optind;
  options.prefix_names = files > 1;
  bool found = false, trouble = false;
  for (int i = 0; i < (files ? files : 1); ++i) {
    const char* path = files ? argv[optind + i] : "-";
    int fd = open_input(path);
    if (fd < 0) {
      report_errno(path);
      trouble = true;
      continue;
    }
    bool failed = false;
    if (grep_input(fd, files ? path : "(standard input)", pattern, options, failed)) found = true;
    close_input(fd);
    if (failed) {
      report_errno(path);
      trouble = true;
    }
    if (found && options.quiet) break;
  }
  if (fflush(stdout) != 0) {
    report_errno("stdout");
    trouble = true;
  }
  if (found && options.quiet) return kFound;
  if (trouble) return kTrouble;
  return found ? kFound : kNotFound;
}
