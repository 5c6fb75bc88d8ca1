#include "process_state.h"

#include <new>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "inheritance.h"
#include "signal_inheritance.h"
#include "ipc/ipc.h"
#include "ipc/startup.h"
#include "path.h"
#include "internal.h"
#include "tessera/posix.h"
#include "tessera/proc_self.h"

namespace tessera::posix {

namespace {

static_assert(Table::kSize == OPEN_MAX);

// Never destroyed: exit() flushes the streams through the fds after the
// static destructors have run.
alignas(Table) unsigned char table_storage[sizeof(Table)];
Table& process_table() {
  static Table* table = new (table_storage) Table;
  return *table;
}

char cwd[PATH_MAX] = "/";
ipc::Handle vfs = 0;
ipc::Handle procmgr = 0;
ipc::Handle services = 0;

// Handles procmgr gives every program: [0] Vfs, [1] ProcessManager, [2]
// the inheritance channel.
constexpr size_t kProcmgrHandles = 3;

void open_console_descriptors() {
  for (int fd = 0; fd < 3; ++fd) {
    Description* d = Description::create(Description::Kind::Console, 0, fd == 0 ? 0 : 1);
    if (d) process_table().install_at(fd, d, false);
  }
}

}  // namespace

Table& descriptors() { return process_table(); }
char* working_directory() { return cwd; }

mode_t& file_creation_mask() {
  static mode_t mask = 022;
  return mask;
}
ipc::Handle vfs_session() { return vfs; }
ipc::Handle procmgr_session() { return procmgr; }
ipc::Handle services_session() { return services; }

void set_sessions(ipc::Handle vfs_handle, ipc::Handle procmgr_handle) {
  vfs = vfs_handle;
  procmgr = procmgr_handle;
}

int absolute_path(const char* path, char (&out)[PATH_MAX]) {
  if (int e = join_path(cwd, path, out, sizeof out)) return e;
  // /proc/self is the caller's /proc/<pid>: procfs cannot tell who asks.
  constexpr char kSelf[] = "/proc/self";
  if (strncmp(out, kSelf, sizeof kSelf - 1) != 0) return 0;
  char rewritten[PATH_MAX];
  size_t length = rewrite_proc_self(out, getpid(), rewritten, sizeof rewritten);
  if (length) memcpy(out, rewritten, length + 1);
  return 0;
}

void start() {
  auto handles = ipc::startup_handles();
  auto inheritance = static_cast<ipc::Handle>(ipc::aux_value(abi::kAuxInheritance));
  if (inheritance && handles.size() >= kProcmgrHandles && handles[2] == inheritance) {
    set_sessions(handles[0], handles[1]);
    // A spawner that ended before it handed everything over (killed
    // between procmgr's start and its write, as Ctrl-C may kill a child
    // shell) could not put this process in its console job either: it
    // would run on, an orphan nobody can interrupt. Its spawn never
    // finished, so neither does this program's start.
    if (!read_inheritance(inheritance, process_table(), cwd)) sys::process_exit(abi::kExitKilled);
  } else {
    open_console_descriptors();
  }
  tessera::start_standard_streams();
}

}  // namespace tessera::posix

namespace tessera {

void set_posix_sessions(uint32_t vfs, uint32_t procmgr) { posix::set_sessions(vfs, procmgr); }

void set_services_session(uint32_t session) { posix::services = session; }
uint32_t services_session() { return posix::services; }

Inheritance::Inheritance() {
  if (auto ends = ipc::channel_create()) {
    parent_end_ = ends->a;
    child_end_ = ends->b;
  }
}

Inheritance::~Inheritance() {
  if (parent_end_) (void)ipc::close(parent_end_);
}

void Inheritance::send() {
  if (!parent_end_) return;
  auto* kept = new (std::nothrow) posix::Table;
  if (kept) {
    kept->copy_from(posix::descriptors());
    kept->drop_close_on_exec();
    (void)posix::write_inheritance(parent_end_, *kept, posix::cwd, posix::child_signals(0, nullptr));
    delete kept;
  }
  if (!kept) (void)ipc::close(parent_end_);
  parent_end_ = 0;
}

}  // namespace tessera
