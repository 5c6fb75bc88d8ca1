// stat FILE...: what the file system says of each file, one `Field: value`
// a line (the symbolic link itself, not what it points to):
//     File: notes.txt
//     Type: regular file
//     Size: 120
//   Blocks: 8
//     Mode: 0644 (-rw-r--r--)
//    Links: 1
//    Inode: 12
//   Device: 2
//      Uid: 0
//      Gid: 0
//   Access: 2026-12-07 03:46:26
//   Modify: 2026-12-07 03:46:26
//   Change: 2026-12-07 03:46:26
#include <stdio.h>
#include <sys/stat.h>

#include "lib/file_mode.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

void print_time(const char* field, time_t when) {
  char text[32];
  format_time(when, "%Y-%m-%d %H:%M:%S", text, sizeof text);
  printf("%8s: %s\n", field, text);
}

void print_stat(const char* path, const struct stat& st) {
  char mode[11];
  mode_string(st.st_mode, mode);
  printf("%8s: %s\n", "File", path);
  printf("%8s: %s\n", "Type", file_type_name(st.st_mode));
  printf("%8s: %lld\n", "Size", (long long)st.st_size);
  printf("%8s: %lld\n", "Blocks", (long long)st.st_blocks);
  printf("%8s: %04o (%s)\n", "Mode", (unsigned)(st.st_mode & 07777), mode);
  printf("%8s: %lu\n", "Links", (unsigned long)st.st_nlink);
  printf("%8s: %llu\n", "Inode", (unsigned long long)st.st_ino);
  printf("%8s: %llu\n", "Device", (unsigned long long)st.st_dev);
  printf("%8s: %lu\n", "Uid", (unsigned long)st.st_uid);
  printf("%8s: %lu\n", "Gid", (unsigned long)st.st_gid);
  print_time("Access", st.st_atime);
  print_time("Modify", st.st_mtime);
  print_time("Change", st.st_ctime);
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("stat");
  if (next_option(argc, argv, "") != -1 || optind == argc) return usage("file...");
  int result = kExitOk;
  for (int i = optind; i < argc; ++i) {
    struct stat st;
    if (lstat(argv[i], &st) != 0) {
      result = report_errno(argv[i]);
      continue;
    }
    print_stat(argv[i], st);
  }
  if (fflush(stdout) != 0) return report_errno("stdout");
  return result;
}
