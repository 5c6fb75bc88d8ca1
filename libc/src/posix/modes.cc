// chmod, fchmod and utimensat: File.setAttributes (idl/fs.capnp) on the
// file's channel; a path is opened for it (read-only: the mode and times of
// a file are changed whatever it can be opened for). The file system keeps
// what it can (docs/posix.md, "Modes and times"); what a node cannot change
// (a device, a pipe, /proc) is refused.
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "files.h"
#include "fs.idl.h"
#include "ipc/attribute_bits.h"
#include "ipc/transport.h"
#include "process_state.h"
#include "tessera/errno_map.h"

using tessera::posix::Description;
using tessera::posix::fail;

namespace {

namespace bits = ipc::attribute_bits;

struct Attributes {
  uint32_t set = 0;
  uint32_t mode = 0;
  int64_t atime = 0;
  int64_t mtime = 0;
};

int set_attributes(Description& d, const Attributes& a) {
  // The console is the UART's: its mode is fixed.
  if (d.kind() == Description::Kind::Console) return fail(EPERM);
  ipc::ChannelTransport transport(d.channel());
  Status s = idl::fs::FileClient<ipc::ChannelTransport>(transport).set_attributes(a.set, a.mode, a.atime, a.mtime);
  return s ? 0 : fail(tessera::errno_from_error(s.error()));
}

int set_attributes(const char* path, const Attributes& a) {
  Description* d = nullptr;
  if (int r = tessera::posix::open_description(path, O_RDONLY, 0, d); r < 0) return fail(-r);
  int result = set_attributes(*d, a);
  d->release();
  return result;
}

// A utimensat time in nanoseconds since 1970, or false for UTIME_OMIT.
bool time_of(const struct timespec* given, int64_t now, int64_t& out) {
  if (!given || given->tv_nsec == UTIME_NOW) {
    out = now;
    return true;
  }
  if (given->tv_nsec == UTIME_OMIT) return false;
  out = int64_t(given->tv_sec) * 1000000000 + given->tv_nsec;
  return true;
}

}  // namespace

extern "C" {

int chmod(const char* path, mode_t mode) { return set_attributes(path, {bits::kMode, mode & 07777}); }

int fchmod(int fd, mode_t mode) {
  Description* d = tessera::posix::descriptors().get(fd);
  if (!d) return fail(EBADF);
  return set_attributes(*d, {bits::kMode, mode & 07777});
}

int utimensat(int dirfd, const char* path, const struct timespec times[2], int) {
  // Only the working directory: there are no *at descriptors to resolve against.
  if (dirfd != AT_FDCWD && path[0] != '/') return fail(EBADF);
  for (int i = 0; times && i < 2; ++i) {
    bool special = times[i].tv_nsec == UTIME_NOW || times[i].tv_nsec == UTIME_OMIT;
    if (!special && (times[i].tv_nsec < 0 || times[i].tv_nsec >= 1000000000)) return fail(EINVAL);
  }
  struct timespec clock_now {};
  clock_gettime(CLOCK_REALTIME, &clock_now);
  int64_t now = int64_t(clock_now.tv_sec) * 1000000000 + clock_now.tv_nsec;
  Attributes a;
  if (time_of(times ? &times[0] : nullptr, now, a.atime)) a.set |= bits::kAtime;
  if (time_of(times ? &times[1] : nullptr, now, a.mtime)) a.set |= bits::kMtime;
  // Both omitted: nothing to change, but the file must still be there.
  if (a.set == 0) {
    struct stat st;
    return stat(path, &st);
  }
  return set_attributes(path, a);
}

}  // extern "C"
