#include "tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "path.h"
#include "report.h"

namespace coreutils {

namespace {

bool is_dot_or_dotdot(const char* name) {
  return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

// The entries of directory `dir` but "." and "..", as full paths, read
// whole before any is visited: removing entries while a directory is read
// may make the reader skip some (on a server that reads by index).
struct Entries {
  char** path = nullptr;
  size_t count = 0;

  Entries() = default;
  Entries(const Entries&) = delete;
  Entries& operator=(const Entries&) = delete;
  ~Entries() {
    for (size_t i = 0; i < count; ++i) free(path[i]);
    free(path);
  }
};

bool read_entries(const char* dir, Entries& out) {
  DIR* stream = opendir(dir);
  if (!stream) return false;
  size_t capacity = 0;
  bool ok = true;
  for (;;) {
    errno = 0;
    struct dirent* entry = readdir(stream);
    if (!entry) {
      ok = errno == 0;
      break;
    }
    if (is_dot_or_dotdot(entry->d_name)) continue;
    if (out.count == capacity) {
      capacity = capacity ? capacity * 2 : 16;
      char** grown = static_cast<char**>(realloc(out.path, capacity * sizeof(char*)));
      if (!grown) {
        ok = false;
        errno = ENOMEM;
        break;
      }
      out.path = grown;
    }
    out.path[out.count] = path_join(dir, entry->d_name);
    if (!out.path[out.count]) {
      ok = false;
      break;
    }
    ++out.count;
  }
  int error = errno;
  closedir(stream);
  errno = error;
  return ok;
}

// Calls visit(entry path) for each entry of `dir`; the result is the worst
// of all visits (and of reading the directory).
template <typename Visit>
int for_each_entry(const char* dir, Visit visit) {
  Entries entries;
  if (!read_entries(dir, entries)) return report_errno(dir);
  int result = kExitOk;
  for (size_t i = 0; i < entries.count; ++i) {
    if (visit(entries.path[i]) != kExitOk) result = kExitFailure;
  }
  return result;
}

}  // namespace

int copy_file(const char* from, const char* to) {
  int in = open(from, O_RDONLY);
  if (in < 0) return report_errno(from);
  struct stat from_stat;
  if (fstat(in, &from_stat) != 0) {
    close(in);
    return report_errno(from);
  }
  if (S_ISDIR(from_stat.st_mode)) {
    close(in);
    errno = EISDIR;
    return report_errno(from);
  }
  struct stat to_stat;
  if (stat(to, &to_stat) == 0 && to_stat.st_dev == from_stat.st_dev && to_stat.st_ino == from_stat.st_ino) {
    close(in);
    return complain("%s and %s are the same file", from, to);
  }
  int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, from_stat.st_mode & 07777);
  if (out < 0) {
    close(in);
    return report_errno(to);
  }
  int result = kExitOk;
  static char chunk[64 * 1024];
  for (;;) {
    ssize_t n = read(in, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      result = report_errno(from);
      break;
    }
    if (n == 0) break;
    if (!write_all(out, chunk, size_t(n))) {
      result = report_errno(to);
      break;
    }
  }
  close(in);
  // A file system may report a failed write only when the file is closed.
  if (close(out) != 0 && result == kExitOk) result = report_errno(to);
  return result;
}

int copy_tree(const char* from, const char* to) {
  struct stat from_stat;
  if (stat(from, &from_stat) != 0) return report_errno(from);
  if (!S_ISDIR(from_stat.st_mode)) return copy_file(from, to);
  // Owner access while the copy is filled in; the real bits at the end,
  // only when they differ (not every file system can change a mode).
  mode_t mode = from_stat.st_mode & 07777;
  if (mkdir(to, mode | 0700) != 0) {
    struct stat to_stat;
    if (errno != EEXIST || stat(to, &to_stat) != 0 || !S_ISDIR(to_stat.st_mode)) {
      if (errno == EEXIST) errno = ENOTDIR;
      return report_errno(to);
    }
  }
  int result = for_each_entry(from, [&](const char* child) {
    char* name = path_last_name(child);
    char* target = name ? path_join(to, name) : nullptr;
    int r = target ? copy_tree(child, target) : report_errno(child);
    free(name);
    free(target);
    return r;
  });
  if ((mode & 0700) != 0700 && chmod(to, mode) != 0 && result == kExitOk) result = report_errno(to);
  return result;
}

int remove_tree(const char* path, bool ignore_missing) {
  struct stat st;
  if (lstat(path, &st) != 0) {
    if (ignore_missing && errno == ENOENT) return kExitOk;
    return report_errno(path);
  }
  if (!S_ISDIR(st.st_mode)) return unlink(path) == 0 ? kExitOk : report_errno(path);
  int result = for_each_entry(path, [](const char* child) { return remove_tree(child, false); });
  if (result != kExitOk) return result;  // rmdir would only fail with ENOTEMPTY
  return rmdir(path) == 0 ? kExitOk : report_errno(path);
}

}  // namespace coreutils
