// The path calls: stat, mkdir, rmdir, unlink, rename, remove, access,
// truncate, chdir, getcwd and sync, through the process's Vfs session. A
// relative path is joined to the working directory first (path.h).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "ipc/transport.h"
#include "path.h"
#include "process_state.h"
#include "tessera/errno_map.h"
#include "vfs.idl.h"

using tessera::posix::fail;

namespace {

using VfsClient = idl::vfs::VfsClient<ipc::ChannelTransport>;

// Calls call(vfs, absolute path) and maps its error; 0 or -1 with errno.
template <class Call>
int with_path(const char* path, Call call) {
  char full[PATH_MAX];
  if (int e = tessera::posix::absolute_path(path, full)) return fail(e);
  if (!tessera::posix::vfs_session()) return fail(ENOSYS);
  ipc::ChannelTransport transport(tessera::posix::vfs_session());
  VfsClient vfs(transport);
  Status s = call(vfs, idl::Text(full, static_cast<uint32_t>(strlen(full))));
  return s ? 0 : fail(tessera::errno_from_error(s.error()));
}

}  // namespace

extern "C" {

int stat(const char* path, struct stat* out) {
  idl::fs::Stat stat{};
  int r = with_path(path, [&](VfsClient& vfs, idl::Text p) { return vfs.stat(p, stat); });
  if (r == 0) tessera::posix::fill_stat(stat, out);
  return r;
}

int lstat(const char* path, struct stat* out) { return stat(path, out); }

int mkdir(const char* path, mode_t mode) {
  return with_path(path, [&](VfsClient& vfs, idl::Text p) { return vfs.mkdir(p, mode & ~tessera::posix::file_creation_mask() & 07777); });
}

mode_t umask(mode_t mask) {
  mode_t old = tessera::posix::file_creation_mask();
  tessera::posix::file_creation_mask() = mask & 0777;
  return old;
}

int rmdir(const char* path) {
  return with_path(path, [](VfsClient& vfs, idl::Text p) { return vfs.rmdir(p); });
}

int unlink(const char* path) {
  return with_path(path, [](VfsClient& vfs, idl::Text p) { return vfs.unlink(p); });
}

int remove(const char* path) {
  struct stat st;
  if (stat(path, &st) < 0) return -1;
  return S_ISDIR(st.st_mode) ? rmdir(path) : unlink(path);
}

int rename(const char* from, const char* to) {
  char target[PATH_MAX];
  if (int e = tessera::posix::absolute_path(to, target)) return fail(e);
  return with_path(from, [&](VfsClient& vfs, idl::Text p) {
    return vfs.rename(p, idl::Text(target, static_cast<uint32_t>(strlen(target))));
  });
}

int access(const char* path, int mode) {
  struct stat st;
  if (stat(path, &st) < 0) return -1;
  // No users or permission checks beyond what a file system refuses: a
  // node that exists may be read, written and (a file) run.
  if ((mode & X_OK) && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return fail(EACCES);
  return 0;
}

int truncate(const char* path, off_t size) {
  int fd = open(path, O_WRONLY);
  if (fd < 0) return -1;
  int r = ftruncate(fd, size);
  int saved = errno;
  close(fd);
  errno = saved;
  return r;
}

int chdir(const char* path) {
  char full[PATH_MAX];
  if (int e = tessera::posix::absolute_path(path, full)) return fail(e);
  struct stat st;
  if (stat(full, &st) < 0) return -1;
  if (!S_ISDIR(st.st_mode)) return fail(ENOTDIR);
  tessera::posix::normalize_path(full);
  strcpy(tessera::posix::working_directory(), full);
  return 0;
}

char* getcwd(char* buffer, size_t size) {
  const char* cwd = tessera::posix::working_directory();
  size_t length = strlen(cwd) + 1;
  if (size == 0) {
    errno = EINVAL;
    return nullptr;
  }
  if (length > size) {
    errno = ERANGE;
    return nullptr;
  }
  memcpy(buffer, cwd, length);
  return buffer;
}

void sync(void) {
  if (!tessera::posix::vfs_session()) return;
  ipc::ChannelTransport transport(tessera::posix::vfs_session());
  (void)VfsClient(transport).sync();
}

}  // extern "C"
