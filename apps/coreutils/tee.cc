// tee [-a] [FILE...]: copies stdin to stdout and to each file (truncated,
// or appended to with -a). A file that cannot be written is reported and
// the copy goes on to the others.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/input.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("tee");
  int flags = O_WRONLY | O_CREAT | O_TRUNC;
  for (int c; (c = next_option(argc, argv, "a")) != -1;) {
    if (c != 'a') return usage("[-a] [file...]");
    flags = O_WRONLY | O_CREAT | O_APPEND;
  }
  int outputs = argc - optind + 1;
  int* fds = static_cast<int*>(malloc(size_t(outputs) * sizeof(int)));
  const char** names = static_cast<const char**>(malloc(size_t(outputs) * sizeof(char*)));
  if (!fds || !names) return report_errno("tee");
  int result = kExitOk;
  fds[0] = STDOUT_FILENO;
  names[0] = "stdout";
  for (int i = 1; i < outputs; ++i) {
    names[i] = argv[optind + i - 1];
    fds[i] = open(names[i], flags, 0666);
    if (fds[i] < 0) result = report_errno(names[i]);
  }
  static char chunk[64 * 1024];
  for (;;) {
    ssize_t n = read(STDIN_FILENO, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      result = report_errno("stdin");
      break;
    }
    if (n == 0) break;
    for (int i = 0; i < outputs; ++i) {
      if (fds[i] < 0 || write_all(fds[i], chunk, size_t(n))) continue;
      result = report_errno(names[i]);
      if (i > 0) close(fds[i]);
      fds[i] = -1;  // written no more
    }
  }
  for (int i = 1; i < outputs; ++i) {
    if (fds[i] >= 0 && close(fds[i]) != 0) result = report_errno(names[i]);
  }
  free(fds);
  free(names);
  return result;
}
