// prochelper: the child proctest starts through procmgr. Each mode checks
// one thing from the child's side and says so on the console.
//   exit N        exits with status N
//   spin          runs until killed
//   ids PPID      asks procmgr (startup handle 1) for its pid and ppid;
//                 exits 0 if the ppid is PPID and the pid is a child's
//   env           checks argv, envp and its three startup handles
//   orphan        starts `prochelper adopted` through its own session and
//                 exits at once with the child's pid as its status
//   adopted       waits (up to 5 s) until procmgr says its parent is init
//   limit         spawns `prochelper exit 0` children without reaping them
//                 until procmgr refuses (NoMemory); exits 0 if it did so
//                 at its per-process limit, and a reap makes room for one more
//   hold DIR      creates DIR/<pid>, keeps it open and waits to be killed
//   fanout N DIR  starts N `prochelper hold DIR`, waits until DIR/stop
//                 exists, then kills and reaps them; exits 0 if all went so
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/process.h"
#include "ipc/time.h"
#include "ipc/transport.h"
#include "procmgr.idl.h"
#include "vfs.idl.h"
#include "tessera/posix.h"

namespace {

using Procmgr = idl::procmgr::ProcessManagerClient<ipc::ChannelTransport>;

int ids(long expected_ppid) {
  auto handles = ipc::startup_handles();
  if (handles.size() < 2) return 2;
  ipc::ChannelTransport transport(handles[1]);
  Procmgr procmgr(transport);
  int64_t pid = 0, ppid = 0;
  if (Status s = procmgr.getpid(pid, ppid); !s) {
    printf("prochelper: getpid: %s\n", abi::error_name(s.error()));
    return 3;
  }
  printf("prochelper: pid %ld ppid %ld\n", long(pid), long(ppid));
  return pid > 1 && ppid == expected_ppid ? 0 : 1;
}

int env(int argc, char** argv, char** envp) {
  int envc = 0;
  while (envp[envc]) ++envc;
  auto handles = ipc::startup_handles();
  printf("prochelper: argc %d envc %d handles %lu timebase %lu\n", argc, envc,
         static_cast<unsigned long>(handles.size()), static_cast<unsigned long>(ipc::ticks_per_second()));
  for (int i = 0; i < argc; ++i) printf("prochelper: argv[%d] %s\n", i, argv[i]);
  for (int i = 0; i < envc; ++i) printf("prochelper: envp[%d] %s\n", i, envp[i]);
  const char* home = getenv("HOME");
  bool ok = argc == 4 && strcmp(argv[2], "two words") == 0 && strcmp(argv[3], "") == 0 && envc == 2 && home &&
            strcmp(home, "/home/test") == 0 && handles.size() == 3 && ipc::ticks_per_second() != 0;
  return ok ? 0 : 1;
}

int orphan() {
  auto handles = ipc::startup_handles();
  if (handles.size() < 2) return 2;
  ipc::Handle vfs = 0;
  {
    ipc::ChannelTransport transport(handles[0]);
    idl::vfs::VfsClient<ipc::ChannelTransport> client(transport);
    if (!client.clone(false, vfs)) return 3;
  }
  ipc::ChannelTransport transport(handles[1]);
  Procmgr procmgr(transport);
  static const char argv[] = "prochelper\0adopted";
  int64_t pid = 0;
  ipc::Handle process = 0;
  tessera::Inheritance inheritance;
  Status s = procmgr.spawn("/bin/prochelper", idl::Data{reinterpret_cast<const uint8_t*>(argv), sizeof argv}, {},
                           vfs, false, inheritance.child_end(), pid, process);
  if (s) inheritance.send();
  if (!s) {
    printf("prochelper: spawn: %s\n", abi::error_name(s.error()));
    return 4;
  }
  printf("prochelper: child %ld\n", long(pid));
  (void)ipc::close(process);
  return static_cast<int>(pid);
}

// Starts `prochelper exit 0` through our own session.
Status spawn_exit(Procmgr& procmgr, ipc::Handle own_vfs, int64_t& pid) {
  ipc::Handle vfs = 0;
  {
    ipc::ChannelTransport transport(own_vfs);
    TRY(idl::vfs::VfsClient<ipc::ChannelTransport>(transport).clone(false, vfs));
  }
  static const char argv[] = "prochelper\0exit\0000";
  ipc::Handle process = 0;
  tessera::Inheritance inheritance;
  TRY(procmgr.spawn("/bin/prochelper", idl::Data{reinterpret_cast<const uint8_t*>(argv), sizeof argv}, {}, vfs,
                    false, inheritance.child_end(), pid, process));
  inheritance.send();
  (void)ipc::wait(process);
  (void)ipc::close(process);
  return {};
}

int limit() {
  auto handles = ipc::startup_handles();
  if (handles.size() < 2) return 2;
  ipc::ChannelTransport transport(handles[1]);
  Procmgr procmgr(transport);
  int64_t first = 0, pid = 0;
  int children = 0;
  Status s;
  while (children < 10000 && (s = spawn_exit(procmgr, handles[0], pid))) {
    if (children++ == 0) first = pid;
  }
  printf("prochelper: %d children, then %s\n", children, abi::error_name(s.error()));
  // procmgr's per-process limit (Server::kChildrenPerProcess), far below
  // what the table and memory hold: without it the loop runs on until
  // procmgr is full for everyone.
  constexpr int kChildrenPerProcess = 256;
  if (s.error() != Error::NoMemory || children != kChildrenPerProcess) return 3;
  int64_t status = -1;
  if (!procmgr.reap(first, status) || status != 0) return 4;
  if (!spawn_exit(procmgr, handles[0], pid)) return 5;
  return 0;
}

int adopted() {
  auto handles = ipc::startup_handles();
  if (handles.size() < 2) return 2;
  ipc::ChannelTransport transport(handles[1]);
  Procmgr procmgr(transport);
  uint64_t deadline = sys::read_time() + 50'000'000;  // 5 s at 10 MHz
  while (sys::read_time() < deadline) {
    int64_t pid = 0, ppid = 0;
    if (!procmgr.getpid(pid, ppid)) return 3;
    if (ppid == 1) {
      printf("prochelper: pid %ld adopted by init\n", long(pid));
      return 0;
    }
    sys::sleep_until(sys::read_time() + 100'000);
  }
  return 1;
}

using Vfs = idl::vfs::VfsClient<ipc::ChannelTransport>;

int hold(const char* dir) {
  auto handles = ipc::startup_handles();
  if (handles.size() < 2) return 2;
  ipc::ChannelTransport procmgr_transport(handles[1]);
  int64_t pid = 0, ppid = 0;
  if (!Procmgr(procmgr_transport).getpid(pid, ppid)) return 3;
  char path[96];
  snprintf(path, sizeof path, "%s/%ld", dir, long(pid));
  ipc::ChannelTransport transport(handles[0]);
  ipc::Handle file = 0;
  idl::fs::Stat stat{};
  using namespace ipc::open_flags;
  if (Status s = Vfs(transport).open(path, kWriteOnly | kCreate | kExclusive, 0644, file, stat); !s) {
    printf("prochelper: open %s: %s\n", path, abi::error_name(s.error()));
    return 4;
  }
  // Held open until the process is killed; nothing ever arrives here.
  auto port = ipc::port_create();
  if (!port) return 5;
  for (;;) (void)ipc::port_wait(*port);
}

int fanout(int count, const char* dir) {
  auto handles = ipc::startup_handles();
  if (handles.size() < 2 || count <= 0 || count > 256) return 2;
  ipc::ChannelTransport transport(handles[1]);
  Procmgr procmgr(transport);
  ipc::ChannelTransport vfs_transport(handles[0]);
  Vfs vfs(vfs_transport);
  auto* pids = static_cast<int64_t*>(calloc(size_t(count), sizeof(int64_t)));
  auto* processes = static_cast<ipc::Handle*>(calloc(size_t(count), sizeof(ipc::Handle)));
  if (!pids || !processes) return 3;
  char argv[128];
  int argv_size = snprintf(argv, sizeof argv, "prochelper%chold%c%s", 0, 0, dir) + 1;
  int started = 0;
  for (; started < count; ++started) {
    ipc::Handle session = 0;
    Status s = vfs.clone(false, session);
    if (s) {
      tessera::Inheritance inheritance;
      s = procmgr.spawn("/bin/prochelper", idl::Data{reinterpret_cast<const uint8_t*>(argv), uint32_t(argv_size)},
                        {}, session, false, inheritance.child_end(), pids[started], processes[started]);
      if (s) inheritance.send();
    }
    if (!s) {
      printf("prochelper: spawn %d of %d: %s\n", started, count, abi::error_name(s.error()));
      break;
    }
  }
  // All started: wait for the word to end them. Else end them now.
  char stop[96];
  snprintf(stop, sizeof stop, "%s/stop", dir);
  idl::fs::Stat stat{};
  while (started == count && vfs.stat(stop, stat).error() == Error::NotFound) {
    sys::sleep_until(ipc::deadline_in_ms(20));
  }
  int failures = started == count ? 0 : 1;
  for (int i = 0; i < started; ++i) {
    int64_t status = -1;
    bool ended = procmgr.kill(pids[i], SIGKILL).ok() && ipc::wait(processes[i]) == abi::kExitKilled &&
                 procmgr.reap(pids[i], status).ok() && status == abi::kExitKilled;
    failures += !ended;
    (void)ipc::close(processes[i]);
  }
  free(pids);
  free(processes);
  return failures ? 5 : 0;
}

}  // namespace

int main(int argc, char** argv, char** envp) {
  if (argc < 2) return 100;
  if (strcmp(argv[1], "exit") == 0 && argc == 3) return atoi(argv[2]);
  if (strcmp(argv[1], "spin") == 0) {
    for (;;) asm volatile("");
  }
  if (strcmp(argv[1], "ids") == 0 && argc == 3) return ids(atol(argv[2]));
  if (strcmp(argv[1], "env") == 0) return env(argc, argv, envp);
  if (strcmp(argv[1], "orphan") == 0) return orphan();
  if (strcmp(argv[1], "adopted") == 0) return adopted();
  if (strcmp(argv[1], "limit") == 0) return limit();
  if (strcmp(argv[1], "hold") == 0 && argc == 3) return hold(argv[2]);
  if (strcmp(argv[1], "fanout") == 0 && argc == 4) return fanout(atoi(argv[2]), argv[3]);
  return 101;
}
