// posix_spawn and posix_spawnp over procmgr.spawn: the child's descriptors
// are the parent's after the file actions (spawn_actions.h), less those
// that are close-on-exec, written with the working directory into the
// inheritance channel (inheritance.h).
#include <errno.h>
#include <limits.h>
#include <new>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "children.h"
#include "foreground.h"
#include "files.h"
#include "inheritance.h"
#include "abi/address_space.h"
#include "abi/syscall.h"
#include "ipc/ipc.h"
#include "ipc/spawn_arguments.h"
#include "ipc/transport.h"
#include "procmgr.idl.h"
#include "process_state.h"
#include "signal_inheritance.h"
#include "spawn_actions.h"
#include "tessera/errno_map.h"
#include "vfs.idl.h"

extern char** environ;

namespace {

using tessera::posix::InheritedSignals;
using tessera::posix::SignalBits;
using tessera::posix::Table;

constexpr size_t kArgvMax = 1536;  // procmgr.spawn's bounds: larger ones go by spawnLarge
constexpr size_t kEnvpMax = 1024;
static_assert(ARG_MAX == ipc::kArgMax);

int spawn_error(Error e) {
  switch (e) {
    case Error::Malformed: return ENOEXEC;
    case Error::TooLarge: return E2BIG;
    case Error::ShouldWait: return EAGAIN;
    default: return tessera::errno_from_error(e);
  }
}

struct SpawnBlocks {
  char path[PATH_MAX];
  char argv[kArgvMax];
  char envp[kEnvpMax];
};

// argv and envp as procmgr.spawn takes them (inline), or, if they do not
// fit its bounds, in a membuf for spawnLarge.
struct Arguments {
  size_t argv_length = 0;
  size_t envp_length = 0;
  ipc::Handle membuf = ipc::kInvalidHandle;  // spawnLarge's; none: inline in blocks

  // 0, or E2BIG past ARG_MAX, or why no membuf could be made.
  int pack(char* const* argv, char* const* envp, SpawnBlocks& blocks) {
    if (ipc::packed_cost(argv) + ipc::packed_cost(envp) > ARG_MAX) return E2BIG;
    argv_length = ipc::pack_strings(argv, blocks.argv);
    envp_length = ipc::pack_strings(envp, blocks.envp);
    if (argv_length != SIZE_MAX && envp_length != SIZE_MAX) return 0;
    argv_length = ipc::packed_bytes(argv);
    envp_length = ipc::packed_bytes(envp);
    uint64_t size = abi::page_round_up(argv_length + envp_length);  // past a bound: not 0
    int64_t created = sys::membuf_create(size);
    if (created < 0) return tessera::errno_from_error(static_cast<Error>(created));
    membuf = static_cast<ipc::Handle>(created);
    int64_t address = sys::membuf_map(membuf, 0, 0, size, abi::kProtRead | abi::kProtWrite);
    if (address < 0) return tessera::errno_from_error(static_cast<Error>(address));
    auto* bytes = reinterpret_cast<char*>(address);
    (void)ipc::pack_strings(argv, {bytes, argv_length});
    (void)ipc::pack_strings(envp, {bytes + argv_length, envp_length});
    sys::mem_unmap(static_cast<uint64_t>(address), size);
    return 0;
  }
  // Closes the membuf, unless a request took it.
  void drop() {
    if (membuf) (void)ipc::close(membuf);
    membuf = ipc::kInvalidHandle;
  }
};

// group: the child's process group (0: one it leads), or -1 for the caller's.
pid_t group_of(const posix_spawnattr_t* attributes) {
  if (!attributes || !(attributes->__flags & POSIX_SPAWN_SETPGROUP)) return -1;
  return attributes->__pgroup;
}

// The child's signals as the attributes (nullptr: none) say.
InheritedSignals signals_of(const posix_spawnattr_t* attributes) {
  short flags = attributes ? attributes->__flags : 0;
  SignalBits sigdefault = (flags & POSIX_SPAWN_SETSIGDEF) ? attributes->__sigdefault.__val[0] : 0;
  SignalBits mask = attributes ? attributes->__sigmask.__val[0] : 0;
  return tessera::posix::child_signals(sigdefault, (flags & POSIX_SPAWN_SETSIGMASK) ? &mask : nullptr);
}

int spawn(pid_t* pid, const char* path, const posix_spawn_file_actions_t* actions, const posix_spawnattr_t* attributes,
          char* const argv[], char* const envp[]) {
  using namespace tessera::posix;
  if (!vfs_session() || !procmgr_session()) return ENOSYS;
  pid_t group = group_of(attributes);
  InheritedSignals signals = signals_of(attributes);
  // Large for the stack of a program that keeps it small.
  auto* blocks = static_cast<SpawnBlocks*>(malloc(sizeof(SpawnBlocks)));
  if (!blocks) return ENOMEM;
  struct Freed {
    SpawnBlocks* b;
    ~Freed() { free(b); }
  } freed{blocks};
  if (int e = absolute_path(path, blocks->path)) return e;
  Arguments arguments;
  struct Dropped {
    Arguments& a;
    ~Dropped() { a.drop(); }
  } dropped{arguments};
  if (int e = arguments.pack(argv, envp ? envp : environ, *blocks)) return e;

  auto* child = new (std::nothrow) Table;
  if (!child) return ENOMEM;
  struct Deleted {
    Table* t;
    ~Deleted() { delete t; }
  } deleted{child};
  child->copy_from(descriptors());
  int error = apply_file_actions(*child, actions ? actions->__actions : nullptr, actions ? actions->__count : 0,
                                 [](const char* p, int flags, mode_t mode, Description*& d) {
                                   return open_description(p, flags, mode, d);
                                 });
  if (error) return error;
  // Whether the child's group is to take the console (addtcsetpgrp_np; the
  // actions checked that its fd was a terminal).
  bool takes_console = false;
  for (int i = 0; actions && i < actions->__count; ++i) {
    takes_console = takes_console || actions->__actions[i].kind == __spawn_action::Foreground;
  }
  auto inheritance = ipc::channel_create();
  if (!inheritance) return spawn_error(inheritance.error());
  ipc::Handle session = 0;
  {
    // The child shares the mountspace, and may change it if we may.
    ipc::ChannelTransport transport(vfs_session());
    idl::vfs::VfsClient<ipc::ChannelTransport> vfs(transport);
    Status s = vfs.clone_may_change(session);
    if (!s && s.error() == Error::AccessDenied) s = vfs.clone(false, session);
    if (!s) {
      (void)ipc::close(inheritance->a);
      (void)ipc::close(inheritance->b);
      return spawn_error(s.error());
    }
  }
  ipc::ChannelTransport transport(procmgr_session());
  int64_t child_pid = 0;
  ipc::Handle process = 0;
  idl::procmgr::ProcessManagerClient<ipc::ChannelTransport> procmgr(transport);
  idl::Text child_path(blocks->path, static_cast<uint32_t>(strlen(blocks->path)));
  auto argv_length = static_cast<uint32_t>(arguments.argv_length);
  auto envp_length = static_cast<uint32_t>(arguments.envp_length);
  Status s = arguments.membuf
                 ? procmgr.spawn_large(child_path, arguments.membuf, argv_length, envp_length, session, false,
                                       inheritance->b, child_pid, process)
                 : procmgr.spawn(child_path, idl::Data{reinterpret_cast<const uint8_t*>(blocks->argv), argv_length},
                                 idl::Data{reinterpret_cast<const uint8_t*>(blocks->envp), envp_length}, session,
                                 false, inheritance->b, child_pid, process);
  arguments.membuf = ipc::kInvalidHandle;  // the request took it
  if (!s) {
    (void)ipc::close(inheritance->a);
    return spawn_error(s.error());
  }
  // The child is ours, and in the console's foreground if its group is
  // there or is to be, before it runs: it waits for the inheritance.
  int keep_error = add_child(static_cast<pid_t>(child_pid), process, group);
  if (keep_error) (void)ipc::close(process);
  if (!keep_error && takes_console) (void)give_foreground(group_of_child(static_cast<pid_t>(child_pid)));
  // The child waits for this before main. Failing, it starts with what
  // arrived; the spawn has happened, so it is reported all the same.
  ipc::Handle console_job = keep_error ? ipc::kInvalidHandle : console_job_for(static_cast<pid_t>(child_pid));
  (void)write_inheritance(inheritance->a, *child, working_directory(), signals, console_job);
  // Else it runs, but we could not keep it: procmgr gives it to init if we end.
  if (keep_error) return keep_error;
  if (pid) *pid = static_cast<pid_t>(child_pid);
  return 0;
}

// Where posix_spawnp finds file: PATH's directories in order ("/bin"
// without PATH). 0 with the path in out, or an errno.
int search_path(const char* file, char (&out)[PATH_MAX]) {
  const char* path = getenv("PATH");
  if (!path || !*path) path = "/bin";
  size_t file_length = strlen(file);
  int error = ENOENT;
  for (const char* p = path;; ++p) {
    const char* end = strchr(p, ':');
    size_t length = end ? static_cast<size_t>(end - p) : strlen(p);
    // An empty entry is the working directory.
    const char* directory = length ? p : ".";
    if (!length) length = 1;
    if (length + 1 + file_length + 1 <= sizeof out) {
      memcpy(out, directory, length);
      out[length] = '/';
      memcpy(out + length + 1, file, file_length + 1);
      struct stat st;
      if (stat(out, &st) == 0 && S_ISREG(st.st_mode)) return 0;
    } else {
      error = ENAMETOOLONG;
    }
    if (!end) return error;
    p = end;
  }
}

int add_action(posix_spawn_file_actions_t* actions, const __spawn_action& action) {
  if (action.fd < 0 || action.fd >= Table::kSize) return EBADF;
  if (actions->__count == actions->__capacity) {
    int capacity = actions->__capacity ? actions->__capacity * 2 : 8;
    auto* grown = static_cast<__spawn_action*>(realloc(actions->__actions, capacity * sizeof(__spawn_action)));
    if (!grown) return ENOMEM;
    actions->__actions = grown;
    actions->__capacity = capacity;
  }
  actions->__actions[actions->__count++] = action;
  return 0;
}

}  // namespace

extern "C" {

int posix_spawn(pid_t* pid, const char* path, const posix_spawn_file_actions_t* actions,
                const posix_spawnattr_t* attributes, char* const argv[], char* const envp[]) {
  return spawn(pid, path, actions, attributes, argv, envp);
}

int posix_spawnp(pid_t* pid, const char* file, const posix_spawn_file_actions_t* actions,
                 const posix_spawnattr_t* attributes, char* const argv[], char* const envp[]) {
  if (strchr(file, '/')) return spawn(pid, file, actions, attributes, argv, envp);
  if (!*file) return ENOENT;
  char path[PATH_MAX];
  if (int e = search_path(file, path)) return e;
  return spawn(pid, path, actions, attributes, argv, envp);
}

int posix_spawn_file_actions_init(posix_spawn_file_actions_t* actions) {
  *actions = {0, 0, nullptr};
  return 0;
}

int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t* actions) {
  for (int i = 0; i < actions->__count; ++i) free(actions->__actions[i].path);
  free(actions->__actions);
  *actions = {0, 0, nullptr};
  return 0;
}

int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t* actions, int fd, const char* path, int flags,
                                     mode_t mode) {
  char* copy = strdup(path);
  if (!copy) return ENOMEM;
  int e = add_action(actions, {__spawn_action::Open, fd, -1, flags, mode, copy});
  if (e) free(copy);
  return e;
}

int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t* actions, int fd) {
  return add_action(actions, {__spawn_action::Close, fd, -1, 0, 0, nullptr});
}

int posix_spawn_file_actions_addtcsetpgrp_np(posix_spawn_file_actions_t* actions, int fd) {
  return add_action(actions, {__spawn_action::Foreground, fd, -1, 0, 0, nullptr});
}

int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t* actions, int fd, int target) {
  if (fd < 0 || fd >= Table::kSize) return EBADF;
  return add_action(actions, {__spawn_action::Dup2, target, fd, 0, 0, nullptr});
}

int posix_spawnattr_init(posix_spawnattr_t* attributes) {
  *attributes = {};
  return 0;
}

int posix_spawnattr_destroy(posix_spawnattr_t*) { return 0; }

int posix_spawnattr_setflags(posix_spawnattr_t* attributes, short flags) {
  constexpr short kKnown = POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
                           POSIX_SPAWN_SETSIGMASK;
  if (flags & ~kKnown) return EINVAL;
  attributes->__flags = flags;
  return 0;
}

int posix_spawnattr_getflags(const posix_spawnattr_t* attributes, short* flags) {
  *flags = attributes->__flags;
  return 0;
}

int posix_spawnattr_setpgroup(posix_spawnattr_t* attributes, pid_t group) {
  if (group < 0) return EINVAL;
  attributes->__pgroup = group;
  return 0;
}

int posix_spawnattr_getpgroup(const posix_spawnattr_t* attributes, pid_t* group) {
  *group = attributes->__pgroup;
  return 0;
}

int posix_spawnattr_setsigdefault(posix_spawnattr_t* attributes, const sigset_t* signals) {
  attributes->__sigdefault = *signals;
  return 0;
}

int posix_spawnattr_getsigdefault(const posix_spawnattr_t* attributes, sigset_t* signals) {
  *signals = attributes->__sigdefault;
  return 0;
}

int posix_spawnattr_setsigmask(posix_spawnattr_t* attributes, const sigset_t* mask) {
  attributes->__sigmask = *mask;
  return 0;
}

int posix_spawnattr_getsigmask(const posix_spawnattr_t* attributes, sigset_t* mask) {
  *mask = attributes->__sigmask;
  return 0;
}

}  // extern "C"
