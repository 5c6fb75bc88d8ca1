// make_pipe: a new pipe through the pipe server (servers/pipe), for libc's
// pipe() and pipe2(): opens /dev/pipe through the caller's Vfs session and
// asks it to create one. read_end and write_end are File channels
// (idl/fs.capnp); clone them to share an end (an inherited fd), close every
// reference of the write end for the reader's end of file.
// Needs pipe.idl.h and vfs.idl.h (idl_headers['pipe'], idl_headers['vfs']).
#pragma once

#include <cstdint>

#include "fs.idl.h"
#include "ipc/open_flags.h"
#include "ipc/transport.h"
#include "pipe.idl.h"
#include "result.h"
#include "vfs.idl.h"

namespace tessera {

// flags: 0, or ipc::open_flags::kNonBlock for both ends (pipe2's O_NONBLOCK).
inline Status make_pipe(ipc::Handle vfs_session, ipc::Handle& read_end, ipc::Handle& write_end, uint32_t flags = 0) {
  ipc::ChannelTransport session(vfs_session);
  ipc::Handle maker = ipc::kInvalidHandle;
  idl::fs::Stat stat;
  TRY(idl::vfs::VfsClient<ipc::ChannelTransport>(session).open("/dev/pipe", ipc::open_flags::kReadWrite, 0, maker,
                                                               stat));
  ipc::ChannelTransport transport(maker);
  Status made = idl::pipe::PipeMakerClient<ipc::ChannelTransport>(transport).create(flags, read_end, write_end);
  (void)ipc::close(maker);
  return made;
}

}  // namespace tessera
