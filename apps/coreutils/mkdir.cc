// mkdir [-p] DIR...: makes directories; with -p their missing parents too,
// and a directory that exists already is no error.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

bool is_directory(const char* path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

// Makes every directory along path, from the root down.
int make_parents(const char* path) {
  char* prefix = strdup(path);
  if (!prefix) return report_errno(path);
  int result = kExitOk;
  size_t length = strlen(prefix);
  for (size_t i = 1; i <= length; ++i) {
    if (i < length && prefix[i] != '/') continue;
    if (prefix[i - 1] == '/') continue;  // "a//b" and a trailing "/"
    char saved = prefix[i];
    prefix[i] = '\0';
    if (mkdir(prefix, 0777) != 0 && !(errno == EEXIST && is_directory(prefix))) {
      if (errno == EEXIST) errno = ENOTDIR;
      result = report_errno(prefix);
      break;
    }
    prefix[i] = saved;
  }
  free(prefix);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("mkdir");
  bool parents = false;
  for (int c; (c = next_option(argc, argv, "p")) != -1;) {
    if (c != 'p') return usage("[-p] dir...");
    parents = true;
  }
  if (optind == argc) return usage("[-p] dir...");
  int result = kExitOk;
  for (int i = optind; i < argc; ++i) {
    int r = parents ? make_parents(argv[i]) : (mkdir(argv[i], 0777) == 0 ? kExitOk : report_errno(argv[i]));
    if (r != kExitOk) result = r;
  }
  return result;
}
