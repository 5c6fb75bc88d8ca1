// Paths: mkdir, rmdir, rename, unlink, chdir, getcwd, relative paths,
// directory streams; the errno of each failure; the fd limit.
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

namespace posixtest {

namespace {

// Whether the directory at path lists exactly the names in `expected`
// (space-separated, in any order).
bool lists(const char* path, const char* expected) {
  DIR* dir = opendir(path);
  if (!dir) return false;
  int found = 0, wanted = 0;
  for (const char* p = expected; *p; ++p) wanted += (p == expected || p[-1] == ' ') && *p != ' ';
  bool all_expected = true;
  while (dirent* entry = readdir(dir)) {
    ++found;
    const char* at = strstr(expected, entry->d_name);
    size_t n = strlen(entry->d_name);
    all_expected = all_expected && at && (at == expected || at[-1] == ' ') && (at[n] == ' ' || at[n] == '\0');
  }
  closedir(dir);
  return all_expected && found == wanted;
}

}  // namespace

int check_directories() {
  Check c("directories");
  c.that(mkdir("/tmp/d", 0755) == 0, "mkdir");
  c.that(mkdir("/tmp/d/sub", 0755) == 0, "mkdir inside");
  c.that(write_file("/tmp/d/a.txt", "a"), "a file inside");
  struct stat st;
  c.that(stat("/tmp/d/sub", &st) == 0 && S_ISDIR(st.st_mode), "stat of a directory");
  c.that(lists("/tmp/d", "sub a.txt"), "readdir lists the entries");
  DIR* dir = opendir("/tmp/d");
  c.that(dir && dirfd(dir) >= 0, "opendir, dirfd");
  int first = 0;
  while (dir && readdir(dir)) ++first;
  if (dir) rewinddir(dir);
  int again = 0;
  while (dir && readdir(dir)) ++again;
  c.that(dir && first == 2 && again == 2 && closedir(dir) == 0, "rewinddir, closedir");
  char cwd[PATH_MAX];
  c.that(getcwd(cwd, sizeof cwd) && strcmp(cwd, "/") == 0, "the working directory starts at /");
  c.that(chdir("/tmp/d") == 0 && getcwd(cwd, sizeof cwd) && strcmp(cwd, "/tmp/d") == 0, "chdir, getcwd");
  c.that(stat("a.txt", &st) == 0 && st.st_size == 1, "a relative path");
  c.that(chdir("sub/../sub/.") == 0 && getcwd(cwd, sizeof cwd) && strcmp(cwd, "/tmp/d/sub") == 0,
         "chdir with . and .. shows the normalised path");
  c.that(write_file("b.txt", "b") && stat("/tmp/d/sub/b.txt", &st) == 0, "create relative to the directory");
  c.that(rename("b.txt", "../b.txt") == 0 && stat("/tmp/d/b.txt", &st) == 0, "rename relative, up a directory");
  c.that(getcwd(cwd, 4) == nullptr && errno == ERANGE, "getcwd into too small a buffer");
  c.that(chdir("..") == 0 && chdir("..") == 0 && chdir("..") == 0 && getcwd(cwd, sizeof cwd) &&
             strcmp(cwd, "/") == 0,
         "chdir .. up to /");
  c.that(rename("/tmp/d/sub", "/tmp/d/moved") == 0 && lists("/tmp/d", "moved a.txt b.txt"), "rename a directory");
  c.that(unlink("/tmp/d/a.txt") == 0 && unlink("/tmp/d/b.txt") == 0, "unlink");
  c.that(rmdir("/tmp/d/moved") == 0 && rmdir("/tmp/d") == 0, "rmdir");
  c.fails(stat("/tmp/d", &st), ENOENT, "stat after rmdir");
  return c.result();
}

int check_errors() {
  Check c("errors");
  struct stat st;
  c.fails(open("/tmp/missing", O_RDONLY), ENOENT, "open of a missing file");
  c.fails(open("", O_RDONLY), ENOENT, "open of an empty path");
  c.fails(stat("/tmp/missing/x", &st), ENOENT, "stat under a missing directory");
  c.that(write_file("/tmp/plain", "x"), "a file");
  c.fails(mkdir("/tmp/plain", 0755), EEXIST, "mkdir of an existing name");
  c.fails(open("/tmp/plain/x", O_RDONLY), ENOTDIR, "a file used as a directory");
  c.fails(open("/tmp/plain", O_RDONLY | O_DIRECTORY), ENOTDIR, "O_DIRECTORY of a file");
  c.fails(chdir("/tmp/plain"), ENOTDIR, "chdir to a file");
  c.fails(rmdir("/tmp/plain"), ENOTDIR, "rmdir of a file");
  c.fails(open("/tmp", O_WRONLY), EISDIR, "a directory opened for writing");
  int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
  char buffer[8];
  c.that(dir >= 0, "O_DIRECTORY of a directory");
  c.fails(read(dir, buffer, sizeof buffer), EISDIR, "read of a directory");
  close(dir);
  c.that(mkdir("/tmp/full", 0755) == 0 && write_file("/tmp/full/f", "f"), "a directory with a file");
  c.fails(rmdir("/tmp/full"), ENOTEMPTY, "rmdir of a non-empty directory");
  c.fails(rename("/tmp/plain", "/plain"), EXDEV, "rename from /tmp to /");
  c.fails(rename("/etc/boot.conf", "/tmp/boot.conf"), EXDEV, "rename from / to /tmp");
  // Modes and times: ramfs keeps what chmod and utimensat set.
  c.that(stat("/tmp/plain", &st) == 0 && (st.st_mode & 07777) == 0644, "the mode is as made");
  c.fails(chmod("/tmp/missing", 0600), ENOENT, "chmod of a missing file");
  c.that(chmod("/tmp/plain", 0600) == 0 && stat("/tmp/plain", &st) == 0 && st.st_mode == (S_IFREG | 0600), "chmod");
  c.fails(utimensat(AT_FDCWD, "/tmp/missing", nullptr, 0), ENOENT, "utimensat of a missing file");
  struct timespec times[2] = {{1000000000, 0}, {1700000000, 500}};
  c.that(utimensat(AT_FDCWD, "/tmp/plain", times, 0) == 0 && stat("/tmp/plain", &st) == 0 &&
             st.st_atime == 1000000000 && st.st_mtime == 1700000000,
         "utimensat sets both times");
  times[0].tv_nsec = UTIME_OMIT;
  times[1] = {1800000000, 0};
  c.that(utimensat(AT_FDCWD, "/tmp/plain", times, 0) == 0 && stat("/tmp/plain", &st) == 0 &&
             st.st_atime == 1000000000 && st.st_mtime == 1800000000,
         "UTIME_OMIT keeps a time");
  times[0].tv_nsec = 1000000000;
  c.fails(utimensat(AT_FDCWD, "/tmp/plain", times, 0), EINVAL, "utimensat with a nanosecond count past a second");
  c.fails(fchmod(44, 0600), EBADF, "fchmod of a closed fd");
  int plain = open("/tmp/plain", O_RDONLY);
  c.that(fchmod(plain, 0644) == 0 && fstat(plain, &st) == 0 && (st.st_mode & 07777) == 0644,
         "fchmod of a read-only fd");
  close(plain);
  c.fails(chmod("/proc/uptime", 0600), EROFS, "chmod in /proc");
  c.fails(chmod("/dev/null", 0600), EACCES, "chmod of a device");
  c.fails(read(44, buffer, 1), EBADF, "read of a closed fd");
  c.fails(write(-1, buffer, 1), EBADF, "write to a negative fd");
  int read_only = open("/tmp/plain", O_RDONLY);
  c.fails(write(read_only, "x", 1), EBADF, "write to a read-only fd");
  close(read_only);
  char path[PATH_MAX + 16];
  memset(path, 'a', sizeof path - 1);
  path[0] = '/';
  path[sizeof path - 1] = '\0';
  c.fails(open(path, O_RDONLY), ENAMETOOLONG, "a path longer than PATH_MAX");
  char name[300];
  memcpy(name, "/tmp/", 5);
  memset(name + 5, 'n', sizeof name - 6);
  name[sizeof name - 1] = '\0';
  c.fails(open(name, O_WRONLY | O_CREAT, 0644), ENAMETOOLONG, "a name longer than NAME_MAX");
  unlink("/tmp/full/f");
  rmdir("/tmp/full");
  unlink("/tmp/plain");
  return c.result();
}

// OPEN_MAX fds, then EMFILE; closing one makes room again.
int check_limits() {
  Check c("limits");
  c.that(write_file("/tmp/limit", "x"), "a file");
  int first = open("/tmp/limit", O_RDONLY);
  int last = first;
  for (int fd = first; fd >= 0 && fd < OPEN_MAX - 1;) {
    fd = dup(first);
    if (!c.that(fd == last + 1, "dup fills the table in order")) break;
    last = fd;
  }
  c.that(last == OPEN_MAX - 1, "the table holds OPEN_MAX fds");
  c.fails(dup(first), EMFILE, "dup past OPEN_MAX");
  c.fails(open("/tmp/limit", O_RDONLY), EMFILE, "open past OPEN_MAX");
  c.fails(fcntl(first, F_DUPFD, OPEN_MAX), EINVAL, "F_DUPFD past the table");
  c.that(close(last) == 0 && dup(first) == last, "a closed fd is free again");
  for (int fd = first; fd <= last; ++fd) close(fd);
  c.that(dup(0) == first, "all closed");
  close(first);
  unlink("/tmp/limit");
  return c.result();
}

}  // namespace posixtest
