// mv FROM TO, mv FROM... DIR: renames files and directories. Where rename
// cannot (EXDEV: the two are on different file systems) it copies the
// whole tree and removes the source once the copy is complete.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/destination.h"
#include "lib/options.h"
#include "lib/report.h"
#include "lib/tree.h"

using namespace coreutils;

namespace {

// What rename would have done across file systems: the same replacement
// rules (a directory replaces only an empty directory, and files replace
// only files), then copy and delete.
int move_across(const char* from, const char* to) {
  struct stat from_stat, to_stat;
  if (lstat(from, &from_stat) != 0) return report_errno(from);
  if (stat(to, &to_stat) == 0) {
    bool from_dir = S_ISDIR(from_stat.st_mode), to_dir = S_ISDIR(to_stat.st_mode);
    if (to_dir && !from_dir) {
      errno = EISDIR;
      return report_errno(to);
    }
    if (!to_dir && from_dir) {
      errno = ENOTDIR;
      return report_errno(to);
    }
    if (to_dir && rmdir(to) != 0) return report_errno(to);
  }
  if (copy_tree(from, to) != kExitOk) return kExitFailure;  // the source stays whole
  return remove_tree(from, false);
}

int move_one(const char* from, const Destination& destination) {
  char* to = destination_for(from, destination);
  if (!to) return report_errno(from);
  int result = kExitOk;
  if (rename(from, to) != 0) result = errno == EXDEV ? move_across(from, to) : report_errno(from);
  free(to);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("mv");
  if (next_option(argc, argv, "") != -1) return usage("from... to");
  int sources = argc - optind - 1;
  if (sources < 1) return usage("from... to");
  Destination destination;
  if (!find_destination(sources, argv[argc - 1], destination)) return kExitFailure;
  int result = kExitOk;
  for (int i = optind; i < argc - 1; ++i) {
    if (move_one(argv[i], destination) != kExitOk) result = kExitFailure;
  }
  return result;
}
