// yes [STRING...]: the strings (or "y") as a line, again and again, until
// writing fails (EPIPE once the reader has gone, as in `yes | head -1`).
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/input.h"
#include "lib/report.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("yes");
  // The line, repeated to fill a buffer: one write moves many lines.
  char line[4096];
  size_t length = 0;
  if (argc < 2) {
    line[length++] = 'y';
  }
  for (int i = 1; i < argc; ++i) {
    size_t n = strlen(argv[i]);
    if (length + n + 2 > sizeof line) return complain("the line is too long");
    if (i > 1) line[length++] = ' ';
    memcpy(line + length, argv[i], n);
    length += n;
  }
  line[length++] = '\n';
  static char block[16 * 1024];
  size_t filled = 0;
  while (filled + length <= sizeof block) {
    memcpy(block + filled, line, length);
    filled += length;
  }
  for (;;) {
    if (!write_all(STDOUT_FILENO, block, filled)) return report_errno("stdout");
  }
}
