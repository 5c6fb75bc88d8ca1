// chmod, fchmod and utimensat. Tessera's file protocol (idl/fs.capnp) has
// no call that changes a mode, and its file systems keep no times, so
// there is nothing these could change: each finds its file first (so that
// a missing file or a bad descriptor is reported as such) and then fails
// with ENOTSUP (docs/posix.md, "Modes and times").
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "process_state.h"

using tessera::posix::fail;

extern "C" {

int chmod(const char* path, mode_t) {
  struct stat st;
  if (stat(path, &st) != 0) return -1;
  return fail(ENOTSUP);
}

int fchmod(int fd, mode_t) {
  struct stat st;
  if (fstat(fd, &st) != 0) return -1;
  return fail(ENOTSUP);
}

int utimensat(int dirfd, const char* path, const struct timespec[2], int) {
  // Only the working directory: there are no *at descriptors to resolve against.
  if (dirfd != AT_FDCWD && path[0] != '/') return fail(EBADF);
  struct stat st;
  if (stat(path, &st) != 0) return -1;
  return fail(ENOTSUP);
}

}  // extern "C"
