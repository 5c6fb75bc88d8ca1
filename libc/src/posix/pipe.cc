// pipe and pipe2: a pipe from the pipe server (tessera/pipe.h), its two
// File channels made descriptors.
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "ipc/ipc.h"
#include "process_state.h"
#include "tessera/errno_map.h"
#include "tessera/pipe.h"
#include "tessera/posix.h"

using tessera::posix::fail;

extern "C" {

int pipe2(int fds[2], int flags) {
  if (flags & ~(O_CLOEXEC | O_NONBLOCK)) return fail(EINVAL);
  if (!tessera::posix::vfs_session()) return fail(ENOSYS);
  ipc::Handle read_end = ipc::kInvalidHandle;
  ipc::Handle write_end = ipc::kInvalidHandle;
  uint32_t pipe_flags = (flags & O_NONBLOCK) ? ipc::open_flags::kNonBlock : 0;
  if (Status s = tessera::make_pipe(tessera::posix::vfs_session(), read_end, write_end, pipe_flags); !s) {
    return fail(tessera::errno_from_error(s.error()));
  }
  int extra = flags & (O_CLOEXEC | O_NONBLOCK);
  int reader = tessera::adopt_file(read_end, O_RDONLY | extra);
  if (reader < 0) {
    int error = errno;
    (void)ipc::close(write_end);
    return fail(error);
  }
  int writer = tessera::adopt_file(write_end, O_WRONLY | extra);
  if (writer < 0) {
    int error = errno;
    close(reader);
    return fail(error);
  }
  fds[0] = reader;
  fds[1] = writer;
  return 0;
}

int pipe(int fds[2]) { return pipe2(fds, 0); }

}  // extern "C"
