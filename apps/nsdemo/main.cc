// nsdemo: two processes that see different trees under the same path
// (docs/mountspaces.md). Run it in the full system (`make run
// APPEND="nsdemo"`, or `nsdemo` at init's prompt).
//
//   nsdemo           the parent: makes /mnt, writes /mnt/shared.txt, starts
//                    `nsdemo child` through procmgr with privateMounts=true
//                    and `nsdemo sibling` with privateMounts=false, prints
//                    the views side by side and PASS/FAIL lines
//   nsdemo child     starts its own ramfs (from the boot archive), mounts it
//                    on /mnt in its private mountspace, writes
//                    /mnt/private.txt, reports its view and keeps the mount
//                    until the parent is done
//   nsdemo sibling   reports its view of /mnt
//
// Views travel through /tmp, which every mountspace here shares: a process
// writes its listing of /mnt to /tmp/nsdemo.<role> (whole, by rename); the
// parent writes /tmp/nsdemo.done when the child may unmount and exit.
#include <stdio.h>
#include <string.h>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/process.h"
#include "ipc/syscall.h"
#include "ipc/transport.h"
#include "procmgr.idl.h"
#include "vfs.idl.h"
#include "ipc/time.h"
#include "tessera/posix.h"

namespace {

namespace flags = ipc::open_flags;
using Vfs = idl::vfs::VfsClient<ipc::ChannelTransport>;
using File = idl::fs::FileClient<ipc::ChannelTransport>;
using Procmgr = idl::procmgr::ProcessManagerClient<ipc::ChannelTransport>;

constexpr size_t kViewMax = 512;

ipc::Handle vfs_session = 0;
ipc::Handle procmgr_session = 0;

Status write_file(const char* path, const char* text) {
  ipc::ChannelTransport t(vfs_session);
  idl::fs::Stat stat;
  ipc::Handle h = 0;
  TRY(Vfs(t).open(path, flags::kWriteOnly | flags::kCreate | flags::kTruncate, 0644, h, stat));
  ipc::ChannelTransport ft(h);
  uint32_t count = 0;
  uint32_t length = uint32_t(strlen(text));
  Status s = File(ft).write(0, idl::Data{reinterpret_cast<const uint8_t*>(text), length}, count);
  (void)ipc::close(h);
  return s;
}

Status read_file(const char* path, char* out, size_t capacity) {
  ipc::ChannelTransport t(vfs_session);
  idl::fs::Stat stat;
  ipc::Handle h = 0;
  out[0] = '\0';
  TRY(Vfs(t).open(path, flags::kReadOnly, 0, h, stat));
  ipc::ChannelTransport ft(h);
  idl::Data data;
  Status s = File(ft).read(0, uint32_t(capacity - 1), data);
  if (s) {
    memcpy(out, data.data, data.size);
    out[data.size] = '\0';
  }
  (void)ipc::close(h);
  return s;
}

// The names in directory `path`, one per line.
Status list(const char* path, char* out, size_t capacity) {
  ipc::ChannelTransport t(vfs_session);
  idl::fs::Stat stat;
  ipc::Handle h = 0;
  out[0] = '\0';
  TRY(Vfs(t).open(path, flags::kReadOnly | flags::kDirectory, 0, h, stat));
  ipc::ChannelTransport ft(h);
  File dir(ft);
  size_t used = 0;
  Status s;
  for (uint32_t i = 0;; ++i) {
    idl::Text name;
    idl::fs::NodeKind kind{};
    bool end = false;
    s = dir.readdir(i, name, kind, end);
    if (!s || end) break;
    if (used + name.size + 2 > capacity) break;
    memcpy(out + used, name.data, name.size);
    used += name.size;
    out[used++] = '\n';
    out[used] = '\0';
  }
  (void)ipc::close(h);
  return s;
}

bool has_line(const char* text, const char* name) {
  size_t n = strlen(name);
  for (const char* p = text; *p;) {
    const char* end = strchr(p, '\n');
    size_t len = end ? size_t(end - p) : strlen(p);
    if (len == n && memcmp(p, name, n) == 0) return true;
    if (!end) break;
    p = end + 1;
  }
  return false;
}

// Publishes a view under /tmp/nsdemo.<role>, whole.
Status publish(const char* role, const char* view) {
  char part[64], final_path[64];
  snprintf(part, sizeof part, "/tmp/nsdemo.%s.part", role);
  snprintf(final_path, sizeof final_path, "/tmp/nsdemo.%s", role);
  TRY(write_file(part, view));
  ipc::ChannelTransport t(vfs_session);
  return Vfs(t).rename(part, final_path);
}

bool exists(const char* path) {
  ipc::ChannelTransport t(vfs_session);
  idl::fs::Stat stat;
  return Vfs(t).stat(path, stat).ok();
}

bool wait_for(const char* path, uint64_t ms) {
  uint64_t deadline = ipc::deadline_in_ms(ms);
  while (!exists(path)) {
    if (sys::read_time() > deadline) return false;
    sys::sleep_until(ipc::deadline_in_ms(5));
  }
  return true;
}

int child() {
  auto pair = ipc::channel_create();
  if (!pair) return 10;
  const char* argv[] = {"ramfs"};
  ipc::Handle handles[] = {pair->a};
  auto ramfs = ipc::spawn(argv, handles);
  if (!ramfs) {
    printf("nsdemo child: cannot start ramfs: %s\n", abi::error_name(ramfs.error()));
    return 11;
  }
  {
    ipc::ChannelTransport t(vfs_session);
    Status s = Vfs(t).mount(pair->b, "/mnt", 0);
    if (!s) {
      printf("nsdemo child: mount /mnt: %s\n", abi::error_name(s.error()));
      return 12;
    }
  }
  printf("nsdemo child: mounted a new ramfs on /mnt in my private mountspace\n");
  if (Status s = write_file("/mnt/private.txt", "only in the child's mountspace\n"); !s) {
    printf("nsdemo child: write /mnt/private.txt: %s\n", abi::error_name(s.error()));
    return 13;
  }
  char view[kViewMax];
  if (!list("/mnt", view, sizeof view) || !publish("child", view)) return 14;
  int status = wait_for("/tmp/nsdemo.done", 20'000) ? 0 : 15;
  {
    ipc::ChannelTransport t(vfs_session);
    if (!Vfs(t).umount("/mnt")) status = status ? status : 16;
  }
  (void)sys::process_kill(*ramfs);
  (void)ipc::wait(*ramfs);
  (void)ipc::close(*ramfs);
  return status;
}

int sibling() {
  char view[kViewMax];
  if (!list("/mnt", view, sizeof view)) return 20;
  return publish("sibling", view) ? 0 : 21;
}

struct Child {
  int64_t pid = 0;
  ipc::Handle process = 0;
};

Result<Child> start(const char* role, bool private_mounts) {
  ipc::Handle session = 0;
  {
    ipc::ChannelTransport t(vfs_session);
    TRY(Vfs(t).clone(false, session));
  }
  char argv[32];
  int n = snprintf(argv, sizeof argv, "nsdemo%c%s", '\0', role);
  ipc::ChannelTransport t(procmgr_session);
  Child c;
  tessera::Inheritance inheritance;
  TRY(Procmgr(t).spawn("/bin/nsdemo", idl::Data{reinterpret_cast<const uint8_t*>(argv), uint32_t(n + 1)}, {},
                       session, private_mounts, inheritance.child_end(), c.pid, c.process));
  inheritance.send();
  return c;
}

int64_t finish(const Child& c) {
  int64_t status = ipc::wait(c.process);
  (void)ipc::close(c.process);
  ipc::ChannelTransport t(procmgr_session);
  int64_t reaped = 0;
  (void)Procmgr(t).reap(c.pid, reaped);
  return status;
}

// Line `index` of text (without its newline), or "".
void line_of(const char* text, int index, char* out, size_t capacity) {
  out[0] = '\0';
  const char* p = text;
  for (int i = 0; i < index && p; ++i) {
    p = strchr(p, '\n');
    if (p) ++p;
  }
  if (!p || !*p) return;
  const char* end = strchr(p, '\n');
  size_t len = end ? size_t(end - p) : strlen(p);
  if (len >= capacity) len = capacity - 1;
  memcpy(out, p, len);
  out[len] = '\0';
}

int lines(const char* text) {
  int n = 0;
  for (const char* p = text; *p; ++p) n += *p == '\n';
  return n;
}

int failures = 0;

void verdict(bool ok, const char* what) {
  printf("%s nsdemo: %s\n", ok ? "PASS" : "FAIL", what);
  failures += ok ? 0 : 1;
}

int parent() {
  {
    ipc::ChannelTransport t(vfs_session);
    Vfs vfs(t);
    Status s = vfs.mkdir("/mnt", 0755);
    if (!s && s.error() != Error::AlreadyExists) {
      printf("nsdemo: mkdir /mnt: %s\n", abi::error_name(s.error()));
      return 1;
    }
    for (const char* stale : {"/tmp/nsdemo.child", "/tmp/nsdemo.sibling", "/tmp/nsdemo.done"}) (void)vfs.unlink(stale);
  }
  if (Status s = write_file("/mnt/shared.txt", "seen by everyone\n"); !s) {
    printf("nsdemo: write /mnt/shared.txt: %s\n", abi::error_name(s.error()));
    return 1;
  }
  auto kid = start("child", true);
  if (!kid) {
    printf("nsdemo: spawn the child: %s\n", abi::error_name(kid.error()));
    return 1;
  }
  bool child_ready = wait_for("/tmp/nsdemo.child", 20'000);
  // While the child's mount exists: our view and a sibling's.
  char mine[kViewMax], theirs[kViewMax], sib[kViewMax];
  Status listed = list("/mnt", mine, sizeof mine);
  Status sibling_ok = Error::NotFound;
  auto sib_child = start("sibling", false);
  if (sib_child && finish(*sib_child) == 0) sibling_ok = read_file("/tmp/nsdemo.sibling", sib, sizeof sib);
  if (!sibling_ok) sib[0] = '\0';
  if (child_ready) (void)read_file("/tmp/nsdemo.child", theirs, sizeof theirs);
  else theirs[0] = '\0';
  (void)write_file("/tmp/nsdemo.done", "done\n");
  int64_t child_status = finish(*kid);
  char after[kViewMax];
  Status listed_after = list("/mnt", after, sizeof after);

  printf("%-24s | %s\n", "parent /mnt", "child /mnt");
  printf("-------------------------+-------------------------\n");
  int rows = lines(mine) > lines(theirs) ? lines(mine) : lines(theirs);
  for (int i = 0; i < rows; ++i) {
    char a[64], b[64];
    line_of(mine, i, a, sizeof a);
    line_of(theirs, i, b, sizeof b);
    printf("%-24s | %s\n", a, b);
  }
  printf("sibling /mnt (privateMounts=false):");
  for (int i = 0; i < lines(sib); ++i) {
    char a[64];
    line_of(sib, i, a, sizeof a);
    printf(" %s", a);
  }
  printf("\n");

  verdict(listed && has_line(mine, "shared.txt") && !has_line(mine, "private.txt"),
          "parent sees shared.txt, not private.txt");
  verdict(sibling_ok && has_line(sib, "shared.txt") && !has_line(sib, "private.txt"),
          "sibling (shared mountspace) sees shared.txt, not private.txt");
  verdict(child_ready && has_line(theirs, "private.txt") && !has_line(theirs, "shared.txt"),
          "child (private mountspace) sees private.txt, not shared.txt");
  verdict(child_status == 0, "child unmounted and exited 0");
  verdict(listed_after && has_line(after, "shared.txt") && !has_line(after, "private.txt"),
          "after the child: /mnt unchanged for the parent");
  {
    ipc::ChannelTransport t(vfs_session);
    Vfs vfs(t);
    verdict(vfs.bind("/tmp", "/mnt").error() == Error::AccessDenied,
            "parent (shared mountspace, no change right) may not bind over /mnt");
    for (const char* f : {"/tmp/nsdemo.child", "/tmp/nsdemo.sibling", "/tmp/nsdemo.done"}) (void)vfs.unlink(f);
  }
  printf("nsdemo: %s\n", failures ? "FAIL" : "PASS");
  return failures ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto handles = ipc::startup_handles();
  if (handles.size() < 2) {
    printf("nsdemo: needs a vfs and a procmgr session (run it in the full system)\n");
    return 2;
  }
  vfs_session = handles[0];
  procmgr_session = handles[1];
  if (argc >= 2 && strcmp(argv[1], "child") == 0) return child();
  if (argc >= 2 && strcmp(argv[1], "sibling") == 0) return sibling();
  return parent();
}
