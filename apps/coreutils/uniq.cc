// uniq [-cd] [INPUT [OUTPUT]]: each run of equal adjacent lines once;
// -c with its length, -d only runs of two or more (lib/uniq_filter.h).
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/input.h"
#include "lib/options.h"
#include "lib/report.h"
#include "lib/uniq_filter.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("uniq");
  UniqOptions options;
  for (int c; (c = next_option(argc, argv, "cd")) != -1;) {
    if (c == 'c') options.count = true;
    else if (c == 'd') options.repeated_only = true;
    else return usage("[-cd] [input [output]]");
  }
  int operands = argc - optind;
  if (operands > 2) return usage("[-cd] [input [output]]");
  const char* input = operands >= 1 ? argv[optind] : "-";
  int fd = open_input(input);
  if (fd < 0) return report_errno(input);
  FILE* out = stdout;
  if (operands == 2) {
    out = fopen(argv[optind + 1], "w");
    if (!out) {
      close_input(fd);
      return report_errno(argv[optind + 1]);
    }
  }
  Sink sink{[](void* file, const char* text, size_t length) { fwrite(text, 1, length, static_cast<FILE*>(file)); },
            out};
  UniqFilter filter(sink, options);
  LineReader reader(fd);
  const char* line;
  size_t length;
  int result = kExitOk;
  while (reader.next(line, length)) {
    if (length > 0 && line[length - 1] == '\n') --length;
    if (!filter.feed(line, length)) {
      result = report_errno(input);
      break;
    }
  }
  if (reader.failed()) result = report_errno(input);
  filter.finish();
  close_input(fd);
  const char* output_name = operands == 2 ? argv[optind + 1] : "stdout";
  if ((out == stdout ? fflush(out) : fclose(out)) != 0) result = report_errno(output_name);
  return result;
}
