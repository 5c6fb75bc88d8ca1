// The descriptor calls of <unistd.h> and <fcntl.h>: open and the calls on
// an open fd (docs/posix.md).
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi/syscall.h"
#include "files.h"
#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/transport.h"
#include "process_state.h"
#include "signal_delivery.h"
#include "tessera/errno_map.h"
#include "tessera/posix.h"
#include "vfs.idl.h"

namespace tessera::posix {

namespace {

using FileClient = idl::fs::FileClient<ipc::ChannelTransport>;
using VfsClient = idl::vfs::VfsClient<ipc::ChannelTransport>;

// What open passes on to the file system; O_CLOEXEC stays here.
constexpr uint32_t kServerFlags = O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_APPEND | O_NONBLOCK | O_DIRECTORY;

Description::Kind kind_of(idl::fs::NodeKind kind) {
  switch (kind) {
    case idl::fs::NodeKind::Directory: return Description::Kind::Directory;
    case idl::fs::NodeKind::Device:
    case idl::fs::NodeKind::Fifo: return Description::Kind::Device;  // a stream: no offset
    case idl::fs::NodeKind::File: break;
  }
  return Description::Kind::File;
}

}  // namespace

int open_description(const char* path, int flags, mode_t mode, Description*& out) {
  char full[PATH_MAX];
  if (int e = absolute_path(path, full)) return -e;
  if (!vfs_session()) return -ENOSYS;
  ipc::ChannelTransport transport(vfs_session());
  ipc::Handle file = 0;
  idl::fs::Stat stat{};
  uint32_t server_flags = static_cast<uint32_t>(flags) & kServerFlags;
  Status s = VfsClient(transport).open(full, server_flags, mode & ~file_creation_mask() & 07777, file, stat);
  // PeerClosed: the file system went holding the open vfs handed it
  // (docs/ipc.md "Opens"): EIO, as when vfs finds a file system gone.
  if (!s) return s.error() == abi::Error::PeerClosed ? -EIO : -errno_from_error(s.error());
  Description::Kind kind = kind_of(stat.kind);
  if ((flags & O_DIRECTORY) && kind != Description::Kind::Directory) {
    (void)ipc::close(file);
    return -ENOTDIR;
  }
  out = Description::create(kind, file, server_flags & (O_ACCMODE | O_APPEND | O_NONBLOCK));
  return out ? 0 : -ENOMEM;
}

void fill_stat(const idl::fs::Stat& in, struct stat* out) {
  *out = {};
  out->st_ino = in.inode;
  out->st_nlink = in.links ? in.links : 1;
  out->st_size = static_cast<off_t>(in.size);
  out->st_blksize = 4096;
  out->st_blocks = static_cast<blkcnt_t>((in.size + 511) / 512);
  mode_t type = S_IFREG;
  if (in.kind == idl::fs::NodeKind::Directory) type = S_IFDIR;
  if (in.kind == idl::fs::NodeKind::Device) type = S_IFCHR;
  if (in.kind == idl::fs::NodeKind::Fifo) type = S_IFIFO;
  out->st_mode = type | (in.mode & 07777);
  // No file system keeps a change time: the modification time stands in.
  out->st_atime = static_cast<time_t>(in.atime / 1000000000);
  out->st_mtime = static_cast<time_t>(in.mtime / 1000000000);
  out->st_ctime = out->st_mtime;
}

}  // namespace tessera::posix

namespace tessera {

int adopt_file(uint32_t file, int flags) {
  ipc::ChannelTransport transport(file);
  idl::fs::Stat stat{};
  if (Status s = posix::FileClient(transport).stat(stat); !s) {
    (void)ipc::close(file);
    return posix::fail(errno_from_error(s.error()));
  }
  auto* d = posix::Description::create(posix::kind_of(stat.kind), file,
                                       static_cast<uint32_t>(flags) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
  if (!d) return posix::fail(ENOMEM);
  int fd = posix::descriptors().install(d, flags & O_CLOEXEC);
  return fd < 0 ? posix::fail(-fd) : fd;
}

}  // namespace tessera

using tessera::posix::Description;
using tessera::posix::descriptors;
using tessera::posix::fail;

namespace {

Description* lookup(int fd) {
  Description* d = descriptors().get(fd);
  if (!d) errno = EBADF;
  return d;
}

bool readable(const Description& d) { return (d.flags() & O_ACCMODE) != O_WRONLY; }
bool writable(const Description& d) { return (d.flags() & O_ACCMODE) != O_RDONLY; }

ssize_t read_result(ssize_t n) {
  if (n >= 0) return n;
  errno = static_cast<int>(-n);
  return -1;
}

// A write to a File whose peer has gone (a pipe nobody reads) raises
// SIGPIPE: by default it ends the process; ignored or caught, the write
// fails with EPIPE (docs/posix.md).
ssize_t write_result(ssize_t n) {
  if (n == -EPIPE) (void)tessera::posix::signal_from_here(SIGPIPE);
  return read_result(n);
}

// A read of the console broken off by Ctrl-C (with no foreground job: the
// reader has the terminal) is the terminal's SIGINT to the reader. (A read
// a signal's interrupt ended has had its handler run already.)
ssize_t read_interruptible(Description& d, uint64_t offset, void* buffer, size_t count) {
  for (;;) {
    (void)tessera::posix::interrupt_failed_call();  // forget an older call's
    ssize_t n = d.read_at(offset, buffer, count);
    if (n != -EINTR || tessera::posix::interrupt_failed_call() || !tessera::posix::signal_from_here(SIGINT)) return n;
  }
}

// Where an O_APPEND write left the file's end, as the offset after it.
void follow_append(Description& d, ssize_t written) {
  ipc::ChannelTransport transport(d.channel());
  idl::fs::Stat stat{};
  if (written > 0 && tessera::posix::FileClient(transport).stat(stat)) d.set_offset(stat.size);
}

}  // namespace

extern "C" {

int open(const char* path, int flags, ...) {
  mode_t mode = 0;
  if (flags & O_CREAT) {
    va_list args;
    va_start(args, flags);
    mode = va_arg(args, mode_t);
    va_end(args);
  }
  Description* d = nullptr;
  if (int e = tessera::posix::open_description(path, flags, mode, d); e < 0) return fail(-e);
  int fd = descriptors().install(d, flags & O_CLOEXEC);
  return fd < 0 ? fail(-fd) : fd;
}

int creat(const char* path, mode_t mode) { return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode); }

ssize_t read(int fd, void* buffer, size_t count) {
  Description* d = lookup(fd);
  if (!d) return -1;
  if (!readable(*d)) return fail(EBADF);
  uint64_t offset = d->seekable() ? d->offset() : 0;
  ssize_t n = read_interruptible(*d, offset, buffer, count);
  if (n > 0 && d->seekable()) d->set_offset(offset + static_cast<uint64_t>(n));
  return read_result(n);
}

ssize_t write(int fd, const void* data, size_t count) {
  Description* d = lookup(fd);
  if (!d) return -1;
  if (!writable(*d)) return fail(EBADF);
  uint64_t offset = d->seekable() ? d->offset() : 0;
  ssize_t n = d->write_at(offset, data, count);
  if (d->seekable()) {
    if (d->flags() & O_APPEND) follow_append(*d, n);
    else if (n > 0) d->set_offset(offset + static_cast<uint64_t>(n));
  }
  return write_result(n);
}

ssize_t pread(int fd, void* buffer, size_t count, off_t offset) {
  Description* d = lookup(fd);
  if (!d) return -1;
  if (!readable(*d)) return fail(EBADF);
  if (!d->seekable()) return fail(d->kind() == Description::Kind::Directory ? EISDIR : ESPIPE);
  if (offset < 0) return fail(EINVAL);
  return read_result(read_interruptible(*d, static_cast<uint64_t>(offset), buffer, count));
}

ssize_t pwrite(int fd, const void* data, size_t count, off_t offset) {
  Description* d = lookup(fd);
  if (!d) return -1;
  if (!writable(*d)) return fail(EBADF);
  if (!d->seekable()) return fail(d->kind() == Description::Kind::Directory ? EISDIR : ESPIPE);
  if (offset < 0) return fail(EINVAL);
  return write_result(d->write_at(static_cast<uint64_t>(offset), data, count));
}

off_t lseek(int fd, off_t offset, int whence) {
  Description* d = lookup(fd);
  if (!d) return -1;
  if (d->kind() == Description::Kind::Console || d->kind() == Description::Kind::Device) return fail(ESPIPE);
  int64_t base = 0;
  if (whence == SEEK_CUR) {
    base = static_cast<int64_t>(d->offset());
  } else if (whence == SEEK_END) {
    struct stat st;
    if (fstat(fd, &st) < 0) return -1;
    base = st.st_size;
  } else if (whence != SEEK_SET) {
    return fail(EINVAL);
  }
  int64_t target = base + offset;
  if (target < 0) return fail(EINVAL);
  d->set_offset(static_cast<uint64_t>(target));
  return target;
}

int close(int fd) {
  int r = descriptors().close(fd);
  return r < 0 ? fail(-r) : 0;
}

int dup(int fd) {
  int r = descriptors().dup(fd, 0, false);
  return r < 0 ? fail(-r) : r;
}

int dup2(int fd, int target) {
  // Flushing is the caller's business; a stream on target keeps its buffer.
  int r = descriptors().dup2(fd, target);
  return r < 0 ? fail(-r) : r;
}

int fcntl(int fd, int command, ...) {
  va_list args;
  va_start(args, command);
  long argument = va_arg(args, long);
  va_end(args);
  Description* d = lookup(fd);
  if (!d) return -1;
  switch (command) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
      if (argument < 0) return fail(EINVAL);
      int r = descriptors().dup(fd, static_cast<int>(argument), command == F_DUPFD_CLOEXEC);
      return r < 0 ? fail(-r) : r;
    }
    case F_GETFD:
      return descriptors().slot(fd).close_on_exec ? FD_CLOEXEC : 0;
    case F_SETFD:
      return descriptors().set_close_on_exec(fd, argument & FD_CLOEXEC);
    case F_GETFL:
      return static_cast<int>(d->flags());
    case F_SETFL: {
      // Only O_APPEND and O_NONBLOCK change; the file system learns of
      // O_NONBLOCK only at open.
      constexpr uint32_t kSettable = O_APPEND | O_NONBLOCK;
      d->set_flags((d->flags() & ~kSettable) | (static_cast<uint32_t>(argument) & kSettable));
      return 0;
    }
    default:
      return fail(EINVAL);
  }
}

int isatty(int fd) {
  Description* d = lookup(fd);
  if (!d) return 0;
  if (!d->is_terminal()) {
    errno = ENOTTY;
    return 0;
  }
  return 1;
}

int fsync(int fd) {
  Description* d = lookup(fd);
  if (!d) return -1;
  if (d->kind() == Description::Kind::Console) return 0;
  ipc::ChannelTransport transport(d->channel());
  Status s = tessera::posix::FileClient(transport).sync();
  return s ? 0 : fail(tessera::errno_from_error(s.error()));
}

int ftruncate(int fd, off_t size) {
  Description* d = lookup(fd);
  if (!d) return -1;
  if (size < 0) return fail(EINVAL);
  if (!writable(*d) || !d->seekable()) return fail(d->kind() == Description::Kind::Directory ? EISDIR : EINVAL);
  ipc::ChannelTransport transport(d->channel());
  Status s = tessera::posix::FileClient(transport).truncate(static_cast<uint64_t>(size));
  return s ? 0 : fail(tessera::errno_from_error(s.error()));
}

int fstat(int fd, struct stat* out) {
  Description* d = lookup(fd);
  if (!d) return -1;
  if (d->kind() == Description::Kind::Console) {
    *out = {};
    out->st_mode = S_IFCHR | 0620;
    out->st_nlink = 1;
    return 0;
  }
  ipc::ChannelTransport transport(d->channel());
  idl::fs::Stat stat{};
  Status s = tessera::posix::FileClient(transport).stat(stat);
  if (!s) return fail(tessera::errno_from_error(s.error()));
  tessera::posix::fill_stat(stat, out);
  return 0;
}

[[noreturn]] void _exit(int status) { sys::process_exit(status); }

}  // extern "C"
