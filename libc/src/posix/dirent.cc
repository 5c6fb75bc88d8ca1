// Directory streams: an fd open on a directory, read entry by entry with
// File.readdir (index = how many were read before).
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <new>
#include <string.h>
#include <unistd.h>

#include "fs.idl.h"
#include "ipc/transport.h"
#include "process_state.h"
#include "tessera/errno_map.h"

struct __dirstream {
  int fd;
  uint32_t next;  // the index of the next entry
  struct dirent entry;
};

namespace {

unsigned char type_of(idl::fs::NodeKind kind) {
  switch (kind) {
    case idl::fs::NodeKind::Directory: return DT_DIR;
    case idl::fs::NodeKind::Device: return DT_CHR;
    case idl::fs::NodeKind::File: return DT_REG;
    case idl::fs::NodeKind::Fifo: return DT_FIFO;
  }
  return DT_UNKNOWN;
}

}  // namespace

extern "C" {

DIR* fdopendir(int fd) {
  tessera::posix::Description* d = tessera::posix::descriptors().get(fd);
  if (!d) {
    errno = EBADF;
    return nullptr;
  }
  if (d->kind() != tessera::posix::Description::Kind::Directory) {
    errno = ENOTDIR;
    return nullptr;
  }
  auto* dir = new (std::nothrow) DIR{fd, 0, {}};
  if (!dir) errno = ENOMEM;
  return dir;
}

DIR* opendir(const char* path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  DIR* dir = fdopendir(fd);
  if (!dir) close(fd);
  return dir;
}

struct dirent* readdir(DIR* dir) {
  tessera::posix::Description* d = tessera::posix::descriptors().get(dir->fd);
  if (!d) {
    errno = EBADF;
    return nullptr;
  }
  ipc::ChannelTransport transport(d->channel());
  idl::Text name;
  idl::fs::NodeKind kind{};
  bool end = false;
  Status s = idl::fs::FileClient<ipc::ChannelTransport>(transport).readdir(dir->next, name, kind, end);
  if (!s) {
    errno = tessera::errno_from_error(s.error());
    return nullptr;
  }
  if (end) return nullptr;  // errno untouched: the end, not an error
  ++dir->next;
  size_t length = name.size < NAME_MAX ? name.size : NAME_MAX;
  memcpy(dir->entry.d_name, name.data, length);
  dir->entry.d_name[length] = '\0';
  dir->entry.d_type = type_of(kind);
  dir->entry.d_ino = dir->next;
  return &dir->entry;
}

void rewinddir(DIR* dir) { dir->next = 0; }

int dirfd(DIR* dir) { return dir->fd; }

int closedir(DIR* dir) {
  int r = close(dir->fd);
  delete dir;
  return r;
}

}  // extern "C"
