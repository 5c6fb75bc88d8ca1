// Tessera's mountspace calls (mountspace.h): Vfs.bind, Vfs.umount and
// Vfs.mounts on the process's own vfs session, and procmgr's spawn with
// privateMounts for unshare.
#include <stdio.h>
#include <string.h>

#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ipc/transport.h"
#include "mountspace.h"
#include "procmgr.idl.h"
#include "tessera/posix.h"
#include "tessera_session.h"
#include "vfs.idl.h"

namespace coreutils {

namespace {

using Vfs = idl::vfs::VfsClient<ipc::ChannelTransport>;
using Procmgr = idl::procmgr::ProcessManagerClient<ipc::ChannelTransport>;
using tessera_session::posix_result;

constexpr size_t kPathMax = 1024;
// ProcessManager.spawn's limits on argv and envp (idl/procmgr.capnp).
constexpr size_t kArgvMax = 1536;
constexpr size_t kEnvpMax = 1024;
// A process a fault ended shows as if SIGSEGV (11) had ended it.
constexpr int kFaultStatus = 128 + 11;

// strings as spawn wants them: each followed by a NUL. False if they do
// not fit in capacity.
bool pack_strings(char* const strings[], char* out, size_t capacity, size_t& used) {
  used = 0;
  for (size_t i = 0; strings && strings[i]; ++i) {
    size_t n = strlen(strings[i]) + 1;
    if (used + n > capacity) return false;
    memcpy(out + used, strings[i], n);
    used += n;
  }
  return true;
}

}  // namespace

int mount_bind(const char* from, const char* to) {
  ipc::ChannelTransport t(tessera_session::vfs());
  return posix_result(Vfs(t).bind(from, to));
}

int mount_remove(const char* path) {
  ipc::ChannelTransport t(tessera_session::vfs());
  return posix_result(Vfs(t).umount(path));
}

int mount_list(void (*visit)(const char* path, void* context), void* context) {
  ipc::ChannelTransport t(tessera_session::vfs());
  for (uint32_t i = 0;; ++i) {
    idl::Text path;
    bool end = false;
    if (posix_result(Vfs(t).mounts(i, path, end)) != 0) return -1;
    if (end) return 0;
    char text[kPathMax];
    size_t n = path.size < kPathMax - 1 ? path.size : kPathMax - 1;
    memcpy(text, path.data, n);
    text[n] = '\0';
    visit(text, context);
  }
}

int run_in_private_mountspace(char* const argv[], char* const envp[], int& status) {
  static char packed_argv[kArgvMax];
  static char packed_envp[kEnvpMax];
  size_t argv_size = 0, envp_size = 0;
  if (!pack_strings(argv, packed_argv, kArgvMax, argv_size) || !pack_strings(envp, packed_envp, kEnvpMax, envp_size)) {
    errno = E2BIG;
    return -1;
  }
  char path[kPathMax];
  const char* format = strchr(argv[0], '/') ? "%s" : "/bin/%s";
  if (size_t(snprintf(path, sizeof path, format, argv[0])) >= sizeof path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  // The child's session shares our mountspace; procmgr makes it a private
  // copy (privateMounts) before the child runs.
  ipc::Handle session = 0;
  {
    ipc::ChannelTransport t(tessera_session::vfs());
    if (posix_result(Vfs(t).clone(false, session)) != 0) return -1;
  }
  int64_t pid = 0;
  ipc::Handle process = 0;
  ipc::ChannelTransport t(tessera_session::procmgr());
  Procmgr procmgr(t);
  // Our descriptors and working directory, as posix_spawn passes them.
  tessera::Inheritance inheritance;
  Status spawned = procmgr.spawn(
      path, idl::Data{reinterpret_cast<const uint8_t*>(packed_argv), uint32_t(argv_size)},
      idl::Data{reinterpret_cast<const uint8_t*>(packed_envp), uint32_t(envp_size)}, session, true,
      inheritance.child_end(), pid, process);
  if (spawned) inheritance.send();
  if (posix_result(spawned) != 0) {
    // Not sent, the session is still ours (if it was, this is a stale handle).
    (void)ipc::close(session);
    return -1;
  }
  int64_t ended = ipc::wait(process);
  (void)ipc::close(process);
  int64_t reaped = 0;
  (void)procmgr.reap(pid, reaped);
  // As WEXITSTATUS: the low 8 bits of the exit code.
  status = ended & abi::kExitFault ? kFaultStatus : int(ended & 0xff);
  return 0;
}

}  // namespace coreutils
