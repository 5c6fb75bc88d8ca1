#include "file_mode.h"

#include <sys/stat.h>

namespace coreutils {

namespace {

char type_letter(mode_t mode) {
  if (S_ISDIR(mode)) return 'd';
  if (S_ISCHR(mode)) return 'c';
  if (S_ISBLK(mode)) return 'b';
  if (S_ISFIFO(mode)) return 'p';
  if (S_ISLNK(mode)) return 'l';
  if (S_ISSOCK(mode)) return 's';
  return '-';
}

// The execute column: x, or s/t (S/T without x) when the special bit is set.
char execute_letter(bool execute, bool special, char special_letter) {
  if (!special) return execute ? 'x' : '-';
  return execute ? special_letter : char(special_letter - 'a' + 'A');
}

}  // namespace

void mode_string(mode_t mode, char out[11]) {
  out[0] = type_letter(mode);
  out[1] = mode & S_IRUSR ? 'r' : '-';
  out[2] = mode & S_IWUSR ? 'w' : '-';
  out[3] = execute_letter(mode & S_IXUSR, mode & S_ISUID, 's');
  out[4] = mode & S_IRGRP ? 'r' : '-';
  out[5] = mode & S_IWGRP ? 'w' : '-';
  out[6] = execute_letter(mode & S_IXGRP, mode & S_ISGID, 's');
  out[7] = mode & S_IROTH ? 'r' : '-';
  out[8] = mode & S_IWOTH ? 'w' : '-';
  out[9] = execute_letter(mode & S_IXOTH, mode & S_ISVTX, 't');
  out[10] = '\0';
}

const char* file_type_name(mode_t mode) {
  if (S_ISREG(mode)) return "regular file";
  if (S_ISDIR(mode)) return "directory";
  if (S_ISCHR(mode)) return "character special file";
  if (S_ISBLK(mode)) return "block special file";
  if (S_ISFIFO(mode)) return "fifo";
  if (S_ISLNK(mode)) return "symbolic link";
  if (S_ISSOCK(mode)) return "socket";
  return "unknown";
}

size_t format_time(time_t when, const char* format, char* out, size_t capacity) {
  struct tm parts;
  if (!localtime_r(&when, &parts)) {
    out[0] = '\0';
    return 0;
  }
  return strftime(out, capacity, format, &parts);
}

}  // namespace coreutils
