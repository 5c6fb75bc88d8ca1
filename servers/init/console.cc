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
#include "supervisor.h"
#include "tessera/posix.h"
#include "tessera/stdio_backend.h"
#include "vfs.idl.h"

namespace init {

namespace {

constexpr size_t kLineMax = 256;
constexpr size_t kMaxPassed = 8;

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
  char args[kLineMax + 8];
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
  char args[kLineMax + 8];
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

// Line input from the kernel's debug console, with echo and backspace.
size_t read_debug_line(char* line) {
  size_t length = 0;
  for (;;) {
    char c;
    if (sys::debug_read(&c, 1) != 1) continue;
    if (c == '\r' || c == '\n') {
      sys::debug_write(ipc::debug_console(), "\n", 1);
      line[length] = '\0';
      return length;
    }
    if (c == 0x7f || c == '\b') {
      if (length > 0) {
        --length;
        sys::debug_write(ipc::debug_console(), "\b \b", 3);
      }
      continue;
    }
    if (length + 1 < kLineMax) {
      line[length++] = c;
      sys::debug_write(ipc::debug_console(), &c, 1);
    }
  }
}

// The console device: a File channel to the UART driver, which echoes and
// edits lines itself. The driver registers with devfs after init starts
// (or restarts) it, so opening it is retried for a while.
//
// When the driver dies (killed, crashed) calls on the File fail: the reader
// (the console thread) then waits for the restarted driver's /dev/console
// and reads from it. Writers never wait for it, because the supervisor
// thread, which restarts the driver, writes too: while no driver serves,
// their output goes to the kernel's console, which has the UART back.
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

// A call on `failed` (console_file then) failed: opens /dev/console anew,
// unless another thread already has. The reader waits for the lock and for
// the driver to come back; a writer tries once. The dead end is closed
// only after the new one is open, so their handle numbers differ.
bool reopen_console_device(ipc::Handle failed, bool wait) {
  while (__atomic_test_and_set(&console_reopening, __ATOMIC_ACQUIRE)) {
    if (!wait) return false;
    sys::yield();
  }
  bool ok = __atomic_load_n(&console_file, __ATOMIC_ACQUIRE) != failed;
  if (!ok) {
    ipc::Handle file = open_console_device(wait ? 100 : 1);
    ok = file != 0;
    if (ok) {
      __atomic_store_n(&console_file, file, __ATOMIC_RELEASE);
      (void)ipc::close(failed);
      const char back[] = "init: console on /dev/console again\n";
      (void)write_all(file, back, sizeof back - 1);
    } else if (wait) {
      const char lost[] = "init: /dev/console did not come back\n";
      sys::debug_write(ipc::debug_console(), lost, sizeof lost - 1);
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
    if (!reopen_console_device(end, false)) break;
  }
  return long(sys::debug_write(ipc::debug_console(), data, chunk));
}

long console_read(void*, char* data, size_t capacity) {
  uint32_t count = uint32_t(capacity < 3072 ? capacity : 3072);
  for (;;) {
    ipc::Handle end = __atomic_load_n(&console_file, __ATOMIC_ACQUIRE);
    ipc::ChannelTransport transport(end);
    idl::fs::FileClient<ipc::ChannelTransport> file(transport);
    idl::Data got;
    Status read = file.read(0, count, got);
    if (read) {
      memcpy(data, got.data, got.size);
      return long(got.size);
    }
    // Ctrl-C at init's prompt: the console dropped the line; read on.
    if (read.error() == Error::Interrupted) continue;
    if (!reopen_console_device(end, true)) return -1;
  }
}

bool attach_console_device(ipc::Handle vfs_session) {
  console_vfs = vfs_session;
  console_file = open_console_device(100);
  if (!console_file) {
    printf("init: no /dev/console; using the kernel console\n");
    return false;
  }
  tessera::FileBackend backend{console_write, console_read, nullptr};
  tessera::set_file_backend(stdin, backend);
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

int split(char* line, char** words, int capacity) {
  int count = 0;
  for (char* p = line; *p && count < capacity;) {
    while (*p == ' ' || *p == '\n') *p++ = '\0';
    if (!*p) break;
    words[count++] = p;
    while (*p && *p != ' ' && *p != '\n') ++p;
  }
  return count;
}

// Every mounted file system writes back what it caches.
void sync_file_systems(const ConsoleServices& s) {
  if (!s.vfs) return;
  ipc::ChannelTransport transport(s.vfs);
  Status synced = idl::vfs::VfsClient<ipc::ChannelTransport>(transport).sync();
  if (!synced) printf("init: sync: %s\n", abi::error_name(synced.error()));
}

}  // namespace

void run_command(char** words, int count, const ConsoleServices& s) {
  if (strcmp(words[0], "sync") == 0) {
    sync_file_systems(s);
    return;
  }
  if (strcmp(words[0], "poweroff") == 0) {
    sync_file_systems(s);  // file systems that cache writes (fatfs on /disk) write them back first
    int64_t result = sys::poweroff(power_handle());
    printf("init: poweroff: %s\n", abi::error_name(sys::error_of(result)));
    return;
  }
  if (strcmp(words[0], "devices") == 0) return show_devices();
  if (strcmp(words[0], "free") == 0) {
    sys::KernelMemory memory = sys::kernel_memory();
    printf("free frames: %lu\nkernel heap: %lu bytes\n", memory.free_frames, memory.heap_bytes);
    return;
  }
  if (strcmp(words[0], "kill") == 0 && count == 2 && s.supervisor) {
    if (!s.supervisor->kill_service(words[1])) printf("init: no service %s\n", words[1]);
    return;
  }
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

namespace {

// The console's program on /dev/console, started again each time it ends
// (Ctrl-D, exit). Returns only if it cannot run: it did not start, or a
// fault ended it (a program that crashes would crash again at once).
void run_console_program(const char* program, const ConsoleServices& s) {
  char name[kLineMax];
  snprintf(name, sizeof name, "%s", program);
  char* words[] = {name};
  for (;;) {
    give_console_descriptors();
    int64_t pid = 0;
    int64_t child = spawn_through_procmgr(words, 1, s, pid, true);
    if (child < 0) return report(program, child);
    int64_t status = sys::process_wait(uint32_t(child));
    report(program, status);
    sys::handle_close(uint32_t(child));
    reap(s.procmgr, pid);
    if (status < 0 || (status & abi::kExitFault)) return;
  }
}

}  // namespace

bool attach_console(const ConsoleServices& s) {
  if (s.vfs && s.procmgr) tessera::set_posix_sessions(s.vfs, s.procmgr);
  return s.vfs && attach_console_device(s.vfs);
}

void console_loop(const ConsoleServices& s, bool device, const char* program) {
  if (device && s.procmgr && program) {
    run_console_program(program, s);
    printf("init: the console is init's own again\n");
  }
  char line[kLineMax];
  char* words[32];
  for (;;) {
    printf("init> ");
    if (device) {
      if (!fgets(line, sizeof line, stdin)) {
        // The driver did not come back (init gave up restarting it): the
        // kernel's console has the UART, so read lines from it instead.
        if (ferror(stdin)) {
          device = false;
          printf("\ninit: reading the kernel console\n");
        }
        clearerr(stdin);
        continue;
      }
    } else {
      read_debug_line(line);
    }
    int count = split(line, words, 32);
    if (count > 0) run_command(words, count, s);
  }
}

}  // namespace init
