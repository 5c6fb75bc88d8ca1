// fs_usage (fs_usage.h) over POSIX statvfs.
#include <sys/statvfs.h>

#include "fs_usage.h"

namespace coreutils {

int fs_usage(const char* path, FsUsage& out) {
  struct statvfs info;
  if (statvfs(path, &info) != 0) return -1;
  out.block_size = info.f_frsize ? info.f_frsize : info.f_bsize;
  out.blocks = info.f_blocks;
  out.free_blocks = info.f_bfree;
  out.available_blocks = info.f_bavail;
  return 0;
}

}  // namespace coreutils
