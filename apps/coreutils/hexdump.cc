// hexdump -C [FILE...]: the bytes of the files (one stream, as if they
// were one file) or of stdin, in util-linux's canonical hex+ASCII format
// (lib/hexdump_format.h). -C is the only format there is, and is required.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/hexdump_format.h"
#include "lib/input.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("hexdump");
  bool canonical = false;
  for (int c; (c = next_option(argc, argv, "C")) != -1;) {
    if (c != 'C') return usage("-C [file...]");
    canonical = true;
  }
  if (!canonical) return usage("-C [file...]");
  HexdumpFormatter formatter(stdout_sink());
  int result = for_each_input(argc, argv, optind, [&](int fd, const char* path, int) {
    static uint8_t chunk[64 * 1024];
    for (;;) {
      ssize_t n = read(fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return report_errno(path);
      if (n == 0) return kExitOk;
      formatter.feed(chunk, size_t(n));
    }
  });
  formatter.finish();
  if (fflush(stdout) != 0) return report_errno("stdout");
  return result;
}
