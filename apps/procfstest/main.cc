// procfstest: /proc through the running system (servers/procfs). Run from
// init's prompt in the full system; prints what it read, then "PASS procfs"
// or "FAIL procfs: why".
//  - a child it starts (prochelper spin, through procmgr) has
//    /proc/<pid>/status with its name, state, pid, parent, one thread and
//    resident memory; its cmdline is its argv; its mounts are the mount
//    points of the mountspace it was started in; /proc lists it;
//  - /proc/meminfo and /proc/uptime have Linux's lines, and uptime grows;
//  - /proc/self (rewritten by tessera::rewrite_proc_self, as libc does)
//    is this program;
//  - once the child is killed and reaped, /proc/<pid> is gone.
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <string_view>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/process.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "ipc/transport.h"
#include "procmgr.idl.h"
#include "tessera/posix.h"
#include "tessera/proc_self.h"
#include "vfs.idl.h"

namespace {

using Transport = ipc::ChannelTransport;
using Vfs = idl::vfs::VfsClient<Transport>;
using File = idl::fs::FileClient<Transport>;
using Procmgr = idl::procmgr::ProcessManagerClient<Transport>;
const char* const kName = "procfs";

ipc::Handle vfs_session, procmgr_session;
char text[4096];

bool check(bool ok, const char* why) {
  if (!ok) printf("FAIL %s: %s\n", kName, why);
  return ok;
}

bool check_status(Status got, Error expected, const char* what) {
  if (got.error() == expected) return true;
  printf("FAIL %s: %s returned %s, expected %s\n", kName, what, abi::error_name(got.error()),
         abi::error_name(expected));
  return false;
}

// The whole file at path into text: its length, or an error.
Result<uint32_t> read_file(const char* path) {
  Transport session(vfs_session);
  ipc::Handle h = ipc::kInvalidHandle;
  idl::fs::Stat stat;
  TRY(Vfs(session).open(path, ipc::open_flags::kReadOnly, 0, h, stat));
  Transport t(h);
  File file(t);
  uint32_t size = 0;
  Status s;
  for (;;) {
    idl::Data data;
    s = file.read(size, uint32_t(sizeof text - 1 - size), data);
    if (!s || data.size == 0) break;
    memcpy(text + size, data.data, data.size);
    size += data.size;
  }
  (void)ipc::close(h);
  if (!s) return s.error();
  text[size] = '\0';
  return size;
}

bool read_ok(const char* path) {
  auto n = read_file(path);
  if (!n) {
    printf("FAIL %s: read %s: %s\n", kName, path, abi::error_name(n.error()));
    return false;
  }
  printf("--- %s\n%s", path, text);
  return true;
}

bool has_line(std::string_view line) {
  std::string_view all(text);
  for (size_t at = 0; at < all.size();) {
    size_t end = all.find('\n', at);
    if (end == std::string_view::npos) end = all.size();
    if (std::string_view(all.data() + at, end - at) == line) return true;
    at = end + 1;
  }
  return false;
}

// The number after label on its line ("MemTotal:" etc.), or -1.
long number_after(const char* label) {
  const char* at = strstr(text, label);
  if (!at) return -1;
  at += strlen(label);
  while (*at == ' ' || *at == '\t') ++at;
  if (*at < '0' || *at > '9') return -1;
  long n = 0;
  while (*at >= '0' && *at <= '9') n = n * 10 + (*at++ - '0');
  return n;
}

// Is pid a directory in the listing of /proc?
bool listed(int64_t pid) {
  Transport session(vfs_session);
  ipc::Handle h = ipc::kInvalidHandle;
  idl::fs::Stat stat;
  if (!Vfs(session).open("/proc", ipc::open_flags::kReadOnly | ipc::open_flags::kDirectory, 0, h, stat)) {
    return false;
  }
  char name[24];
  snprintf(name, sizeof name, "%ld", long(pid));
  Transport t(h);
  File dir(t);
  bool found = false;
  for (uint32_t i = 0; !found; ++i) {
    idl::Text entry;
    idl::fs::NodeKind kind;
    bool end = false;
    if (!dir.readdir(i, entry, kind, end) || end) break;
    found = std::string_view(entry.data, entry.size) == name && kind == idl::fs::NodeKind::Directory;
  }
  (void)ipc::close(h);
  return found;
}

// Lines of the child's status, then its other files.
bool check_child(int64_t pid, int64_t self, const char* argv, size_t argv_size) {
  char path[64], line[64];
  snprintf(path, sizeof path, "/proc/%ld/status", long(pid));
  if (!read_ok(path)) return false;
  snprintf(line, sizeof line, "Pid:\t%ld", long(pid));
  bool ok = check(has_line("Name:\tprochelper"), "no Name line") &&
            check(has_line("State:\tR (running)"), "no running State line") && check(has_line(line), "no Pid line");
  snprintf(line, sizeof line, "PPid:\t%ld", long(self));
  ok = ok && check(has_line(line), "the parent is not this program") &&
       check(has_line("Threads:\t1"), "no Threads line of 1") && check(number_after("VmRSS:\t") > 0, "no VmRSS");
  snprintf(path, sizeof path, "/proc/%ld/cmdline", long(pid));
  auto n = read_file(path);
  ok = ok && check(n.ok() && *n == argv_size && memcmp(text, argv, argv_size) == 0, "the cmdline is not its argv");
  snprintf(path, sizeof path, "/proc/%ld/mounts", long(pid));
  ok = ok && read_ok(path) &&
       check(has_line("/") && has_line("/tmp") && has_line("/dev") && has_line("/proc"),
             "the mounts are not /, /tmp, /dev and /proc");
  return ok && check(listed(pid), "/proc does not list the child");
}

// text as "<seconds>.<cc>\n": in hundredths of a second, or -1.
long uptime_hundredths() {
  const char* at = text;
  long n = 0;
  if (*at < '0' || *at > '9') return -1;
  while (*at >= '0' && *at <= '9') n = n * 10 + (*at++ - '0');
  if (at[0] != '.' || at[1] < '0' || at[1] > '9' || at[2] < '0' || at[2] > '9' || at[3] != '\n' || at[4] != '\0') {
    return -1;
  }
  return n * 100 + (at[1] - '0') * 10 + (at[2] - '0');
}

bool check_system() {
  if (!read_ok("/proc/meminfo")) return false;
  long total = number_after("MemTotal:"), free = number_after("MemFree:");
  bool ok = check(total > 0 && free > 0 && free < total, "MemFree is not below MemTotal") &&
            check(strstr(text, " kB\nMemFree:") != nullptr, "meminfo lines do not end in kB");
  if (!ok || !read_ok("/proc/uptime")) return false;
  long first = uptime_hundredths();
  ok = check(first >= 0, "uptime is not <seconds>.<cc>");
  sys::sleep_until(ipc::deadline_in_ms(200));
  ok = ok && read_ok("/proc/uptime");
  long second = uptime_hundredths();
  return ok && check(second >= first + 20, "uptime did not grow by 0.2 s in 200 ms");
}

bool check_self(int64_t self) {
  char path[64];
  if (!check(tessera::rewrite_proc_self("/proc/self/status", self, path, sizeof path) > 0, "rewrite /proc/self")) {
    return false;
  }
  return read_ok(path) && check(has_line("Name:\tprocfstest"), "/proc/self is not this program");
}

}  // namespace

int main() {
  auto handles = ipc::startup_handles();
  if (handles.size() < 2) {
    printf("procfstest: needs a vfs and a procmgr session (run it in the full system)\n");
    return 2;
  }
  vfs_session = handles[0];
  procmgr_session = handles[1];
  Transport pt(procmgr_session);
  Procmgr procmgr(pt);
  int64_t self = 0, parent = 0;
  if (!check_status(procmgr.getpid(self, parent), Error::Ok, "getpid")) return 1;

  static const char kArgv[] = "prochelper\0spin\0two words";
  Transport vt(vfs_session);
  ipc::Handle child_session = ipc::kInvalidHandle;
  if (!check_status(Vfs(vt).clone(false, child_session), Error::Ok, "clone the session")) return 1;
  int64_t pid = 0;
  ipc::Handle process = ipc::kInvalidHandle;
  tessera::Inheritance inheritance;
  if (!check_status(procmgr.spawn("/bin/prochelper", idl::Data{reinterpret_cast<const uint8_t*>(kArgv), sizeof kArgv},
                                  {}, child_session, false, inheritance.child_end(), pid, process),
                    Error::Ok, "spawn prochelper spin")) {
    return 1;
  }
  inheritance.send();
  bool ok = check_child(pid, self, kArgv, sizeof kArgv) && check_system() && check_self(self);
  // Ended and reaped, it is gone.
  (void)procmgr.kill(pid, SIGKILL);
  (void)ipc::wait(process, ipc::deadline_in_ms(2000));
  (void)ipc::close(process);
  int64_t status = 0;
  ok = ok && check_status(procmgr.reap(pid, status), Error::Ok, "reap");
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/status", long(pid));
  ok = ok && check_status(read_file(path).error(), Error::NotFound, "read the status of a reaped child") &&
       check(!listed(pid), "/proc still lists a reaped child");
  if (ok) printf("PASS %s\n", kName);
  return ok ? 0 : 1;
}
