// How full the file system holding a path is, for df. POSIX has
// statvfs(3) (fs_usage_statvfs.cc, the host); Tessera's libc has no
// statvfs, so fs_usage_tessera.cc asks Vfs.statfs.
#pragma once

#include <stdint.h>

namespace coreutils {

struct FsUsage {
  uint64_t block_size = 0;
  uint64_t blocks = 0;        // all the file system may hold
  uint64_t free_blocks = 0;
  uint64_t available_blocks = 0;  // free to an ordinary user
};

// 0, or -1 with errno.
int fs_usage(const char* path, FsUsage& out);

}  // namespace coreutils
