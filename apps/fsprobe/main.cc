// fsprobe: the file tree through the running system's vfs (startup handle 0,
// the Vfs session procmgr gives every program). Small tools and checks:
//   fsprobe write PATH TEXT     create or truncate PATH and write TEXT
//   fsprobe cat PATH            print the file's bytes
//   fsprobe ls PATH             list a directory, one "kind name" per line
//   fsprobe stat PATH           kind, size, inode, links
//   fsprobe mkdir|rmdir|rm PATH
//   fsprobe mv FROM TO
//   fsprobe check NAME|all      one VFS behaviour through the real servers
//                               (attacks: what a console program must not
//                               do to the shared mountspace),
//                               "PASS <name>" or "FAIL <name>: why"
// Exit status 0 on success; a failed operation prints its error and exits 1.
#include <stdio.h>
#include <string.h>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/process.h"
#include "ipc/syscall.h"
#include "ipc/transport.h"
#include "vfs.idl.h"

namespace {

namespace flags = ipc::open_flags;
using Vfs = idl::vfs::VfsClient<ipc::ChannelTransport>;
using File = idl::fs::FileClient<ipc::ChannelTransport>;
using idl::fs::NodeKind;

ipc::Handle session = 0;

const char* kind_name(NodeKind k) {
  switch (k) {
    case NodeKind::File: return "file";
    case NodeKind::Directory: return "dir";
    case NodeKind::Device: return "dev";
    case NodeKind::Fifo: return "fifo";
  }
  return "?";
}

int fail_op(const char* what, const char* path, Status s) {
  printf("fsprobe: %s %s: %s\n", what, path, abi::error_name(s.error()));
  return 1;
}

Status write_file(const char* path, const char* text, size_t length) {
  ipc::ChannelTransport t(session);
  idl::fs::Stat stat;
  ipc::Handle h = 0;
  TRY(Vfs(t).open(path, flags::kWriteOnly | flags::kCreate | flags::kTruncate, 0644, h, stat));
  ipc::ChannelTransport ft(h);
  uint32_t count = 0;
  Status s = File(ft).write(0, idl::Data{reinterpret_cast<const uint8_t*>(text), uint32_t(length)}, count);
  (void)ipc::close(h);
  if (s && count != length) return Error::BadState;
  return s;
}

// Reads up to capacity-1 bytes, NUL-terminated.
Status read_file(const char* path, char* out, size_t capacity, size_t& length) {
  ipc::ChannelTransport t(session);
  idl::fs::Stat stat;
  ipc::Handle h = 0;
  TRY(Vfs(t).open(path, flags::kReadOnly, 0, h, stat));
  ipc::ChannelTransport ft(h);
  File file(ft);
  length = 0;
  Status s;
  while (length + 1 < capacity) {
    idl::Data data;
    uint32_t want = uint32_t(capacity - 1 - length);
    s = file.read(length, want < 3072 ? want : 3072, data);
    if (!s || data.size == 0) break;
    memcpy(out + length, data.data, data.size);
    length += data.size;
  }
  out[length] = '\0';
  (void)ipc::close(h);
  return s;
}

// Calls each(name, kind) for every entry of the directory.
template <typename Each>
Status list_dir(const char* path, Each each) {
  ipc::ChannelTransport t(session);
  idl::fs::Stat stat;
  ipc::Handle h = 0;
  TRY(Vfs(t).open(path, flags::kReadOnly | flags::kDirectory, 0, h, stat));
  ipc::ChannelTransport ft(h);
  File file(ft);
  Status s;
  for (uint32_t i = 0;; ++i) {
    idl::Text name;
    NodeKind kind{};
    bool end = false;
    s = file.readdir(i, name, kind, end);
    if (!s || end) break;
    char copy[256];
    size_t n = name.size < 255 ? name.size : 255;
    memcpy(copy, name.data, n);
    copy[n] = '\0';
    each(copy, kind);
  }
  (void)ipc::close(h);
  return s;
}

bool listed(const char* dir, const char* name) {
  bool found = false;
  (void)list_dir(dir, [&](const char* entry, NodeKind) { found = found || strcmp(entry, name) == 0; });
  return found;
}

// --- checks ---------------------------------------------------------------

struct Check {
  const char* name;
  int failures = 0;

  void is(Status s, Error expected, const char* what) {
    if (s.error() == expected) return;
    printf("FAIL %s: %s: %s, expected %s\n", name, what, abi::error_name(s.error()), abi::error_name(expected));
    ++failures;
  }
  void ok(Status s, const char* what) { is(s, Error::Ok, what); }
  void that(bool condition, const char* what) {
    if (condition) return;
    printf("FAIL %s: %s\n", name, what);
    ++failures;
  }
  int finish() {
    if (failures == 0) printf("PASS %s\n", name);
    return failures ? 1 : 0;
  }
};

int check_ops() {
  Check c{"ops"};
  ipc::ChannelTransport t(session);
  Vfs vfs(t);
  idl::fs::Stat st;
  c.ok(vfs.mkdir("/tmp/ops", 0755), "mkdir /tmp/ops");
  c.is(vfs.mkdir("/tmp/ops", 0755), Error::AlreadyExists, "mkdir again");
  c.ok(vfs.stat("/tmp/ops", st), "stat the new directory");
  c.that(st.kind == NodeKind::Directory, "/tmp/ops is not a directory");
  c.ok(write_file("/tmp/ops/a", "alpha", 5), "write /tmp/ops/a");
  c.ok(vfs.stat("/tmp/ops/a", st), "stat /tmp/ops/a");
  c.that(st.kind == NodeKind::File && st.size == 5, "/tmp/ops/a is not a 5-byte file");
  c.that(listed("/tmp/ops", "a"), "readdir does not show a");
  c.ok(vfs.rename("/tmp/ops/a", "/tmp/ops/b"), "rename a to b");
  c.is(vfs.stat("/tmp/ops/a", st), Error::NotFound, "stat of the old name");
  c.that(!listed("/tmp/ops", "a") && listed("/tmp/ops", "b"), "readdir after rename");
  char text[32];
  size_t n = 0;
  c.ok(read_file("/tmp/ops/b", text, sizeof text, n), "read b");
  c.that(n == 5 && strcmp(text, "alpha") == 0, "b does not hold what a held");
  c.ok(vfs.unlink("/tmp/ops/b"), "unlink b");
  c.is(vfs.unlink("/tmp/ops/b"), Error::NotFound, "unlink again");
  c.is(vfs.unlink("/tmp/ops"), Error::IsDirectory, "unlink of a directory");
  c.ok(vfs.rmdir("/tmp/ops"), "rmdir /tmp/ops");
  c.is(vfs.stat("/tmp/ops", st), Error::NotFound, "stat after rmdir");
  c.is(vfs.rmdir("/tmp/ops"), Error::NotFound, "rmdir again");
  // The same on the root file system.
  c.ok(vfs.mkdir("/ops", 0755), "mkdir /ops");
  c.ok(write_file("/ops/f", "x", 1), "write /ops/f");
  c.ok(vfs.rename("/ops/f", "/ops/g"), "rename on /");
  c.ok(vfs.unlink("/ops/g"), "unlink on /");
  c.ok(vfs.rmdir("/ops"), "rmdir /ops");
  return c.finish();
}

int check_exdev() {
  Check c{"exdev"};
  ipc::ChannelTransport t(session);
  Vfs vfs(t);
  idl::fs::Stat st;
  c.ok(write_file("/tmp/cross", "x", 1), "write /tmp/cross");
  c.is(vfs.rename("/tmp/cross", "/cross"), Error::CrossDevice, "rename /tmp -> /");
  c.is(vfs.rename("/etc/boot.conf", "/tmp/boot.conf"), Error::CrossDevice, "rename / -> /tmp");
  c.is(vfs.rename("/tmp/cross", "/dev/cross"), Error::CrossDevice, "rename /tmp -> /dev");
  c.ok(vfs.stat("/tmp/cross", st), "the source is still there");
  c.is(vfs.stat("/cross", st), Error::NotFound, "no target was made");
  c.ok(vfs.unlink("/tmp/cross"), "unlink /tmp/cross");
  return c.finish();
}

int check_toolong() {
  Check c{"toolong"};
  ipc::ChannelTransport t(session);
  Vfs vfs(t);
  idl::fs::Stat st;
  static char path[1100];
  memset(path, 'a', sizeof path);
  path[0] = '/';
  for (size_t i = 200; i < sizeof path; i += 200) path[i] = '/';
  c.is(vfs.stat(idl::Text(path, 1024), st), Error::TooLarge, "stat of a 1024-byte path (the IDL refuses it)");
  ipc::Handle h = 0;
  c.is(vfs.open(idl::Text(path, 1100), 0, 0, h, st), Error::TooLarge, "open of a 1100-byte path");
  c.is(vfs.stat(idl::Text(path, 1023), st), Error::NotFound, "a path of exactly PATH_MAX reaches the file system");
  static char name[300];
  memset(name, 'n', sizeof name);
  name[0] = '/';
  c.is(vfs.mkdir(idl::Text(name, 257), 0755), Error::NameTooLong, "a component over NAME_MAX (255)");
  c.is(vfs.mkdir(idl::Text(name, 256), 0755), Error::Ok, "a component of exactly NAME_MAX");
  c.ok(vfs.rmdir(idl::Text(name, 256)), "rmdir it");
  return c.finish();
}

int check_dotdot() {
  Check c{"dotdot"};
  ipc::ChannelTransport t(session);
  Vfs vfs(t);
  idl::fs::Stat root, up, tmp, via;
  c.ok(vfs.stat("/", root), "stat /");
  c.ok(vfs.stat("/..", up), "stat /..");
  c.that(up.inode == root.inode && up.kind == NodeKind::Directory, "/.. is not /");
  c.ok(vfs.stat("/../../../..", up), "stat /../../../..");
  c.that(up.inode == root.inode, "/../../../.. is not /");
  c.ok(vfs.stat("/tmp", tmp), "stat /tmp");
  c.ok(vfs.stat("/../../tmp", via), "stat /../../tmp");
  c.that(via.inode == tmp.inode, "/../../tmp is not /tmp");
  c.ok(write_file("/tmp/dd", "dotdot", 6), "write /tmp/dd");
  char text[16];
  size_t n = 0;
  c.ok(read_file("/tmp/../../tmp/./dd", text, sizeof text, n), "read /tmp/../../tmp/./dd");
  c.that(n == 6 && strcmp(text, "dotdot") == 0, "wrong contents through ..");
  c.ok(read_file("/dev/../tmp/dd", text, sizeof text, n), "read /dev/../tmp/dd (.. leaves a mount)");
  c.ok(vfs.unlink("/tmp/dd"), "unlink /tmp/dd");
  return c.finish();
}

int check_isdir() {
  Check c{"isdir"};
  ipc::ChannelTransport t(session);
  Vfs vfs(t);
  idl::fs::Stat st;
  ipc::Handle h = 0;
  c.is(vfs.open("/tmp", flags::kWriteOnly, 0, h, st), Error::IsDirectory, "open /tmp for writing");
  c.is(vfs.open("/bin", flags::kReadWrite, 0, h, st), Error::IsDirectory, "open /bin read-write");
  c.is(vfs.open("/", flags::kWriteOnly | flags::kCreate, 0644, h, st), Error::IsDirectory, "open / with O_CREAT");
  c.is(vfs.open("/etc/boot.conf", flags::kDirectory, 0, h, st), Error::NotDirectory, "O_DIRECTORY on a file");
  return c.finish();
}

int check_notempty() {
  Check c{"notempty"};
  ipc::ChannelTransport t(session);
  Vfs vfs(t);
  c.ok(vfs.mkdir("/tmp/full", 0755), "mkdir /tmp/full");
  c.ok(write_file("/tmp/full/f", "x", 1), "write /tmp/full/f");
  c.is(vfs.rmdir("/tmp/full"), Error::NotEmpty, "rmdir a non-empty directory");
  c.is(vfs.rmdir("/bin"), Error::NotEmpty, "rmdir /bin");
  c.is(vfs.rmdir("/tmp/full/f"), Error::NotDirectory, "rmdir of a file");
  c.ok(vfs.unlink("/tmp/full/f"), "unlink the file");
  c.ok(vfs.rmdir("/tmp/full"), "rmdir once empty");
  return c.finish();
}

// A new ramfs (from the boot archive): the client end of its FileSystem
// channel; process set to its process handle.
Result<ipc::Handle> start_ramfs(ipc::Handle& process) {
  auto pair = ipc::channel_create();
  if (!pair) return pair.error();
  const char* argv[] = {"ramfs"};
  ipc::Handle handles[] = {pair->a};
  auto child = ipc::spawn(argv, handles);
  if (!child) {
    (void)ipc::close(pair->a);
    (void)ipc::close(pair->b);
    return child.error();
  }
  process = *child;
  return pair->b;
}

// Ends a ramfs start_ramfs started (nothing if none was).
void stop_ramfs(ipc::Handle process) {
  if (!process) return;
  (void)sys::process_kill(process);
  (void)ipc::wait(process);
  (void)ipc::close(process);
}

int check_mountnotdir() {
  Check c{"mountnotdir"};
  ipc::Handle process = 0;
  auto fs = start_ramfs(process);
  if (!fs) {
    printf("FAIL mountnotdir: cannot start ramfs: %s\n", abi::error_name(fs.error()));
    return 1;
  }
  // A private session: the mount (if it wrongly succeeded) stays ours.
  ipc::Handle own = 0;
  {
    ipc::ChannelTransport t(session);
    c.ok(Vfs(t).clone(true, own), "clone a private session");
  }
  ipc::ChannelTransport t(own);
  Vfs vfs(t);
  c.ok(write_file("/tmp/plain", "x", 1), "write /tmp/plain");
  c.is(vfs.mount(*fs, "/tmp/plain", 0), Error::NotDirectory, "mount on a file");
  (void)vfs.unlink("/tmp/plain");
  (void)ipc::close(own);
  stop_ramfs(process);
  return c.finish();
}

// The attacks a program started from the console could make on the
// mountspace it shares with the console: each refused (AccessDenied), and
// the shared tree unchanged after them. A private copy may change itself.
int check_attacks() {
  Check c{"attacks"};
  ipc::ChannelTransport t(session);
  Vfs vfs(t);
  c.is(vfs.umount("/dev"), Error::AccessDenied, "umount /dev");
  c.is(vfs.umount("/tmp"), Error::AccessDenied, "umount /tmp");
  c.is(vfs.bind("/tmp", "/bin"), Error::AccessDenied, "bind /tmp over /bin");
  ipc::Handle process = 0;
  if (auto fs = start_ramfs(process)) {
    c.is(vfs.mount(*fs, "/bin", 0), Error::AccessDenied, "mount over /bin");
  } else {
    c.ok(fs.error(), "start a ramfs");
  }
  ipc::Handle granted = 0;
  c.is(vfs.clone_may_change(granted), Error::AccessDenied, "cloneMayChange");
  idl::fs::Stat st;
  c.ok(vfs.stat("/dev/console", st), "/dev/console is still there");
  c.ok(vfs.stat("/bin/fsprobe", st), "/bin/fsprobe is still there");
  c.that(st.kind == NodeKind::File, "/bin/fsprobe is not the file it was");
  c.ok(write_file("/tmp/attacks", "x", 1), "/tmp still takes files");
  (void)vfs.unlink("/tmp/attacks");

  ipc::Handle own = 0;
  Status cloned = vfs.clone(true, own);
  c.ok(cloned, "clone a private copy");
  if (cloned) {
    ipc::ChannelTransport ot(own);
    Vfs mine(ot);
    c.ok(mine.bind("/tmp", "/bin"), "the private copy may bind over /bin");
    c.ok(mine.umount("/dev"), "the private copy may umount /dev");
    c.is(mine.stat("/dev/console", st), Error::NotFound, "the private copy has no /dev/console");
    c.ok(vfs.stat("/dev/console", st), "the shared space still has /dev/console");
    c.ok(vfs.stat("/bin/fsprobe", st), "the shared space still has /bin/fsprobe");
    (void)ipc::close(own);
  }
  stop_ramfs(process);
  return c.finish();
}

// A path that names a file as a directory is NotDirectory.
int check_notdir() {
  Check c{"notdir"};
  ipc::ChannelTransport t(session);
  Vfs vfs(t);
  idl::fs::Stat st;
  ipc::Handle h = 0;
  c.is(vfs.open("/bin/fsprobe/", flags::kReadOnly, 0, h, st), Error::NotDirectory, "open /bin/fsprobe/");
  c.is(vfs.stat("/bin/fsprobe/..", st), Error::NotDirectory, "stat /bin/fsprobe/..");
  c.is(vfs.stat("/bin/fsprobe/../fsprobe", st), Error::NotDirectory, "stat /bin/fsprobe/../fsprobe");
  c.ok(vfs.stat("/tmp/../bin/fsprobe", st), "stat /tmp/../bin/fsprobe");
  c.ok(vfs.stat("/bin/", st), "stat /bin/");
  return c.finish();
}

int check_dev() {
  Check c{"dev"};
  ipc::ChannelTransport t(session);
  Vfs vfs(t);
  idl::fs::Stat st;
  c.that(listed("/dev", "console"), "/dev/console is not listed");
  c.that(listed("/dev", "null"), "/dev/null is not listed");
  c.that(listed("/dev", "zero"), "/dev/zero is not listed");
  c.ok(vfs.stat("/dev/null", st), "stat /dev/null");
  c.that(st.kind == NodeKind::Device, "/dev/null is not a device");
  ipc::Handle h = 0;
  c.ok(vfs.open("/dev/null", flags::kReadWrite, 0, h, st), "open /dev/null");
  {
    ipc::ChannelTransport ft(h);
    File file(ft);
    uint32_t count = 0;
    static const uint8_t bytes[] = {1, 2, 3, 4};
    c.ok(file.write(0, idl::Data{bytes, 4}, count), "write /dev/null");
    c.that(count == 4, "/dev/null took fewer bytes");
    idl::Data data;
    c.ok(file.read(0, 64, data), "read /dev/null");
    c.that(data.size == 0, "/dev/null gave bytes");
  }
  (void)ipc::close(h);
  c.ok(vfs.open("/dev/zero", flags::kReadOnly, 0, h, st), "open /dev/zero");
  {
    ipc::ChannelTransport ft(h);
    File file(ft);
    idl::Data data;
    c.ok(file.read(12345, 1000, data), "read /dev/zero");
    bool zeros = data.size == 1000;
    for (uint32_t i = 0; zeros && i < data.size; ++i) zeros = data.data[i] == 0;
    c.that(zeros, "/dev/zero did not give 1000 zero bytes");
  }
  (void)ipc::close(h);
  c.is(vfs.stat("/dev/nothing", st), Error::NotFound, "stat /dev/nothing");
  c.is(vfs.mkdir("/dev/sub", 0755), Error::AccessDenied, "mkdir in /dev");
  return c.finish();
}

struct Named {
  const char* name;
  int (*run)();
};

const Named kChecks[] = {{"ops", check_ops},       {"exdev", check_exdev},     {"toolong", check_toolong},
                         {"dotdot", check_dotdot}, {"isdir", check_isdir},     {"notempty", check_notempty},
                         {"mountnotdir", check_mountnotdir}, {"dev", check_dev},
                         {"attacks", check_attacks}, {"notdir", check_notdir}};

int run_checks(const char* which) {
  int failures = 0, ran = 0;
  for (const Named& n : kChecks) {
    if (strcmp(which, "all") != 0 && strcmp(which, n.name) != 0) continue;
    ++ran;
    failures += n.run();
  }
  if (!ran) {
    printf("fsprobe: no check %s\n", which);
    return 2;
  }
  return failures ? 1 : 0;
}

int usage() {
  printf("usage: fsprobe write PATH TEXT | cat PATH | ls PATH | stat PATH | mkdir PATH | rmdir PATH | rm PATH |"
         " mv FROM TO | check NAME|all\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  auto handles = ipc::startup_handles();
  if (handles.empty()) {
    printf("fsprobe: no vfs session (start me through procmgr)\n");
    return 2;
  }
  session = handles[0];
  if (argc < 3) return usage();
  const char* op = argv[1];
  const char* path = argv[2];
  ipc::ChannelTransport t(session);
  Vfs vfs(t);
  if (strcmp(op, "check") == 0) return run_checks(path);
  if (strcmp(op, "write") == 0 && argc >= 4) {
    Status s = write_file(path, argv[3], strlen(argv[3]));
    return s ? 0 : fail_op("write", path, s);
  }
  if (strcmp(op, "cat") == 0) {
    static char text[16384];
    size_t n = 0;
    Status s = read_file(path, text, sizeof text, n);
    if (!s) return fail_op("cat", path, s);
    printf("%s\n", text);
    return 0;
  }
  if (strcmp(op, "ls") == 0) {
    Status s = list_dir(path, [](const char* name, NodeKind kind) { printf("%s %s\n", kind_name(kind), name); });
    return s ? 0 : fail_op("ls", path, s);
  }
  if (strcmp(op, "stat") == 0) {
    idl::fs::Stat st;
    Status s = vfs.stat(path, st);
    if (!s) return fail_op("stat", path, s);
    printf("%s: %s size %lu inode %lu links %u\n", path, kind_name(st.kind), (unsigned long)st.size,
           (unsigned long)st.inode, unsigned(st.links));
    return 0;
  }
  Status s;
  if (strcmp(op, "mkdir") == 0) {
    s = vfs.mkdir(path, 0755);
  } else if (strcmp(op, "rmdir") == 0) {
    s = vfs.rmdir(path);
  } else if (strcmp(op, "rm") == 0) {
    s = vfs.unlink(path);
  } else if (strcmp(op, "mv") == 0 && argc >= 4) {
    s = vfs.rename(path, argv[3]);
  } else {
    return usage();
  }
  return s ? 0 : fail_op(op, path, s);
}
