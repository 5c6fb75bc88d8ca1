#include "console.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/process.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "ipc/transport.h"
#include "jobs.h"
#include "procmgr.idl.h"
#include "resources.h"
#include "tessera/posix.h"
#include "tessera/stdio_backend.h"
#include "vfs.idl.h"

namespace init {

namespace {

constexpr size_t kMaxPassed = 8;
constexpr uint64_t kQuickEndMs = 1000;

// argv as consecutive NUL-terminated strings; "+name" words are boot
// resources to hand over instead.
size_t pack_args(char** words, int count, char* args, uint32_t* handles, size_t& handle_count, bool& ok) {
  size_t length = 0;
  ok = true;
  for (int i = 0; i < count; ++i) {
    if (words[i][0] == '+') {
      if (!take_resource(words[i] + 1, handles, handle_count, kMaxPassed)) {
        printf("init: %s: no such resource\n", words[i] + 1);
        ok = false;
      }
      continue;
    }
    size_t n = strlen(words[i]) + 1;
    memcpy(args + length, words[i], n);
    length += n;
  }
  return length;
}

// Straight from the boot archive (before procmgr runs, and for programs
// given boot resources); the program may start others from it in turn.
int64_t spawn_from_archive(char** words, int count) {
  char path[64];
  int path_length = snprintf(path, sizeof path, "bin/%s", words[0]);
  if (path_length >= int(sizeof path)) return int64_t(abi::Error::NameTooLong);
  char args[kMaxCommandLine + 8];
  uint32_t handles[kMaxPassed];
  size_t handle_count = 0;
  bool ok;
  size_t length = pack_args(words, count, args, handles, handle_count, ok);
  if (!ok) return int64_t(abi::Error::NotFound);
  auto process = ipc::spawn_from_archive({path, size_t(path_length)}, {args, length}, {handles, handle_count});
  return process ? int64_t{*process} : int64_t(process.error());
}

// Through procmgr, which loads /bin/<name> through the child's own VFS
// session (a new session sharing init's mountspace, which the child may
// change if may_mount: the console's program, where mount and umount are
// typed); the child inherits init's fds 0, 1 and 2
// (give_console_descriptors). pid is set on success.
int64_t spawn_through_procmgr(char** words, int count, const ConsoleServices& s, int64_t& pid,
                              bool may_mount = false) {
  // A name is looked up in /bin; a path (`/bin/kill`, past the built-in) is taken as it is.
  char path[64];
  const char* directory = strchr(words[0], '/') ? "" : "/bin/";
  int path_length = snprintf(path, sizeof path, "%s%s", directory, words[0]);
  if (path_length >= int(sizeof path)) return int64_t(abi::Error::NameTooLong);
  char args[kMaxCommandLine + 8];
  uint32_t unused[kMaxPassed];
  size_t handle_count = 0;
  bool ok;
  size_t length = pack_args(words, count, args, unused, handle_count, ok);
  if (!ok || handle_count) return int64_t(abi::Error::InvalidArgument);
  ipc::ChannelTransport vfs_transport(s.vfs);
  idl::vfs::VfsClient<ipc::ChannelTransport> vfs(vfs_transport);
  ipc::Handle session = 0;
  Status st = may_mount ? vfs.clone_may_change(session) : vfs.clone(false, session);
  if (!st) return int64_t(st.error());
  tessera::Inheritance inheritance;
  ipc::ChannelTransport transport(s.procmgr);
  idl::procmgr::ProcessManagerClient<ipc::ChannelTransport> procmgr(transport);
  ipc::Handle process = 0;
  st = procmgr.spawn(idl::Text{path, uint32_t(path_length)}, idl::Data{reinterpret_cast<const uint8_t*>(args), uint32_t(length)},
                     idl::Data{}, session, false, inheritance.child_end(), pid, process);
  if (!st) return int64_t(st.error());
  inheritance.send();
  return process;
}

// init's own output on the console device: a File channel to the UART
// driver. The driver registers with devfs after init starts (or restarts)
// it, so the first open is retried for a while.
//
// When the driver dies (killed, crashed) writes on the File fail: the
// writer tries the restarted driver's /dev/console once and otherwise
// writes to the kernel's console, which has the UART back while no driver
// serves. It never waits for the driver: the supervisor thread, which
// restarts it, writes too.
ipc::Handle console_vfs = 0;
ipc::Handle console_file = 0;
bool console_reopening = false;  // a thread is replacing console_file

// A File channel to /dev/console, or 0 after `attempts` tries.
ipc::Handle open_console_device(int attempts) {
  ipc::ChannelTransport transport(console_vfs);
  idl::vfs::VfsClient<ipc::ChannelTransport> vfs(transport);
  for (int attempt = 0; attempt < attempts; ++attempt) {
    if (attempt > 0) sys::sleep_until(ipc::deadline_in_ms(20));
    idl::fs::Stat stat;
    ipc::Handle file = 0;
    if (vfs.open("/dev/console", ipc::open_flags::kReadWrite, 0, file, stat)) return file;
  }
  return 0;
}

bool write_all(ipc::Handle end, const char* text, uint32_t length) {
  ipc::ChannelTransport transport(end);
  idl::fs::FileClient<ipc::ChannelTransport> file(transport);
  uint32_t written = 0;
  return file.write(0, idl::Data{reinterpret_cast<const uint8_t*>(text), length}, written) && written == length;
}

// A write on `failed` (console_file then) failed: opens /dev/console anew,
// once, unless another thread is at it or already has. The dead end is
// closed only after the new one is open, so their handle numbers differ.
bool reopen_console_device(ipc::Handle failed) {
  if (__atomic_test_and_set(&console_reopening, __ATOMIC_ACQUIRE)) return false;
  bool ok = __atomic_load_n(&console_file, __ATOMIC_ACQUIRE) != failed;
  if (!ok) {
    ipc::Handle file = open_console_device(1);
    ok = file != 0;
    if (ok) {
      __atomic_store_n(&console_file, file, __ATOMIC_RELEASE);
      (void)ipc::close(failed);
      const char back[] = "init: console on /dev/console again\n";
      (void)write_all(file, back, sizeof back - 1);
    }
  }
  __atomic_clear(&console_reopening, __ATOMIC_RELEASE);
  return ok;
}

long console_write(void*, const char* data, size_t length) {
  uint32_t chunk = uint32_t(length < 3072 ? length : 3072);
  for (int attempt = 0; attempt < 2; ++attempt) {
    ipc::Handle end = __atomic_load_n(&console_file, __ATOMIC_ACQUIRE);
    ipc::ChannelTransport transport(end);
    idl::fs::FileClient<ipc::ChannelTransport> file(transport);
    uint32_t written = 0;
    if (file.write(0, idl::Data{reinterpret_cast<const uint8_t*>(data), chunk}, written)) return long(written);
    if (!reopen_console_device(end)) break;
  }
  return long(sys::debug_write(ipc::debug_console(), data, chunk));
}

bool attach_console_device(ipc::Handle vfs_session) {
  console_vfs = vfs_session;
  console_file = open_console_device(100);
  if (!console_file) {
    printf("init: no /dev/console; using the kernel console\n");
    return false;
  }
  // Output only: init reads no console input once the device serves (the
  // console's program does).
  tessera::FileBackend backend{console_write, nullptr, nullptr};
  tessera::set_file_backend(stdout, backend);
  tessera::set_file_backend(stderr, backend);
  printf("init: console on /dev/console\n");
  return true;
}

// Points init's fds 0, 1 and 2, which the programs it starts inherit, at
// a new open of /dev/console: opened anew for each program, since the
// driver may have restarted since the last. init's own streams keep their
// backend (console_write, console_read). Without the device the fds stay
// on the kernel's debug console.
void give_console_descriptors() {
  int fd = open("/dev/console", O_RDWR);
  if (fd < 0) return;
  for (int standard = 0; standard < 3; ++standard) {
    if (fd != standard) dup2(fd, standard);
  }
  if (fd > 2) close(fd);
}

}  // namespace

void run_command(char** words, int count, const ConsoleServices& s) {
  bool background = count > 1 && strcmp(words[count - 1], "&") == 0;
  if (background) --count;
  bool passes_resources = false;
  for (int i = 0; i < count; ++i) passes_resources = passes_resources || words[i][0] == '+';
  bool via_procmgr = s.procmgr && s.vfs && !passes_resources;
  if (via_procmgr && console_file) give_console_descriptors();
  int64_t pid = 0;
  int64_t child = via_procmgr ? spawn_through_procmgr(words, count, s, pid) : spawn_from_archive(words, count);
  if (child < 0) return report(words[0], child);
  if (background && run_in_background(words[0], uint32_t(child), via_procmgr ? pid : 0, s.procmgr)) return;
  report(words[0], sys::process_wait(uint32_t(child)));
  sys::handle_close(uint32_t(child));
  if (via_procmgr) reap(s.procmgr, pid);
}

bool attach_console(const ConsoleServices& s) {
  if (s.vfs && s.procmgr) tessera::set_posix_sessions(s.vfs, s.procmgr);
  return s.vfs && attach_console_device(s.vfs);
}

void run_console(const ConsoleServices& s, const char* program) {
  if (!program[0]) printf("init: no console program: no console\n");
  char name[kMaxCommandLine];
  snprintf(name, sizeof name, "%s", program);
  char* words[] = {name};
  while (program[0]) {
    give_console_descriptors();
    int64_t pid = 0;
    int64_t child = spawn_through_procmgr(words, 1, s, pid, true);
    if (child < 0) {
      report(program, child);
      printf("init: no console\n");
      break;
    }
    uint64_t started = sys::read_time();
    int64_t status = sys::process_wait(uint32_t(child));
    report(program, status);
    sys::handle_close(uint32_t(child));
    reap(s.procmgr, pid);
    // Started again when it ends (Ctrl-D, exit, its console lost): at once
    // after a run of a second or more, else a second later, so one that
    // cannot keep going (faults at once, its console driver gone for good)
    // is started at most once a second.
    if (sys::read_time() - started < ipc::ticks_from_ms(kQuickEndMs)) {
      sys::sleep_until(ipc::deadline_in_ms(kQuickEndMs));
    }
  }
  // The services run on, supervised by the watch thread: init's own thread
  // has nothing more to do.
  for (;;) sys::sleep_until(ipc::kForever);
}

}  // namespace init
