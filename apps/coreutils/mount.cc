// mount: the mount points of the caller's mountspace, one a line.
// mount --bind OLD NEW: makes NEW show what OLD shows, in the caller's
// mountspace only (lib/mountspace.h). On Tessera a program may change its
// mountspace only in a private copy: run it under unshare, or from a
// shell that has one (docs/mountspaces.md).
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/mountspace.h"
#include "lib/path.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

constexpr const char* kSynopsis = "[--bind old new]";

void print_mount(const char* path, void*) { puts(path); }

int bind(const char* from, const char* to) {
  // Vfs takes absolute paths only.
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return report_errno(".");
  char* old_path = path_absolute(from, cwd);
  char* new_path = path_absolute(to, cwd);
  int result = kExitOk;
  if (!old_path || !new_path) result = report_errno(from);
  else if (mount_bind(old_path, new_path) != 0) result = report_errno(to);
  free(old_path);
  free(new_path);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("mount");
  if (argc == 4 && strcmp(argv[1], "--bind") == 0) return bind(argv[2], argv[3]);
  if (argc != 1) return usage(kSynopsis);
  if (mount_list(print_mount, nullptr) != 0) return report_errno("mounts");
  if (fflush(stdout) != 0) return report_errno("stdout");
  return kExitOk;
}
