// fs_usage (fs_usage.h) over Vfs.statfs on the process's vfs session:
// Tessera's libc has no statvfs.
#include "fs_usage.h"
#include "ipc/transport.h"
#include "tessera_session.h"
#include "vfs.idl.h"

namespace coreutils {

int fs_usage(const char* path, FsUsage& out) {
  ipc::ChannelTransport t(tessera_session::vfs());
  idl::fs::FsInfo info;
  if (tessera_session::posix_result(idl::vfs::VfsClient<ipc::ChannelTransport>(t).statfs(path, info)) != 0) return -1;
  out.block_size = info.block_size;
  out.blocks = info.blocks;
  out.free_blocks = info.free_blocks;
  // Tessera's file systems keep no blocks back for a privileged user.
  out.available_blocks = info.free_blocks;
  return 0;
}

}  // namespace coreutils
