#include <string.h>

#include "ipc/open_flags.h"
#include "ipc/syscall.h"
#include "vfstest.h"

namespace vfstest {

namespace {

using namespace ipc::open_flags;
using idl::fs::NodeKind;


bool is_kind(VfsClient& vfs, const char* path, NodeKind kind) {
  idl::fs::Stat stat;
  return vfs.stat(path, stat).ok() && stat.kind == kind;
}

}  // namespace

// mkdir, create, write, read, stat, readdir, unlink, rmdir through vfs.
int files() {
  return in_world("files", [](Check& c, World& w) {
    VfsClient& vfs = w.vfs();
    c.ok(vfs.mkdir("/d", 0755), "mkdir /d");
    c.ok(write_file(vfs, "/d/f", "hello"), "create /d/f");
    c.expect(file_holds(vfs, "/d/f", "hello"), "/d/f reads back what was written");
    idl::fs::Stat stat;
    if (c.ok(vfs.stat("/d/f", stat), "stat /d/f")) {
      c.expect(stat.kind == NodeKind::File && stat.size == 5, "/d/f is a file of 5 bytes");
    }
    c.expect(is_kind(vfs, "/d", NodeKind::Directory), "/d is a directory");
    c.expect(is_kind(vfs, "/", NodeKind::Directory), "/ is a directory");
    c.ok(vfs.mkdir("/d/e", 0755), "mkdir /d/e");
    c.expect(lists(vfs, "/d", "f e"), "readdir of /d");
    c.is(vfs.mkdir("/d", 0755), Error::AlreadyExists, "mkdir of an existing directory");
    c.ok(vfs.unlink("/d/f"), "unlink /d/f");
    c.is(vfs.stat("/d/f", stat), Error::NotFound, "stat of an unlinked file");
    c.ok(vfs.rmdir("/d/e"), "rmdir /d/e");
    c.ok(vfs.rmdir("/d"), "rmdir /d");
    c.is(vfs.stat("/d", stat), Error::NotFound, "stat of a removed directory");
    // Paths are normalised before they reach the file system.
    c.ok(vfs.mkdir("//x/./", 0755), "mkdir //x/./");
    c.ok(write_file(vfs, "/x/../x//y", "why"), "create /x/../x//y");
    c.expect(file_holds(vfs, "/x/y", "why"), "/x/y holds what /x/../x//y was given");
  });
}

// Vfs.replace: another server for a mounted file system, seen by every
// mountspace that shows it; the supervisor's (this session's) alone.
int replace() {
  return in_world("replace", [](Check& c, World& w) {
    VfsClient& vfs = w.vfs();
    c.ok(vfs.mkdir("/mnt", 0755), "mkdir /mnt");
    c.ok(vfs.mount(w.take_second_fs(), "/mnt", 0), "mount the second fs at /mnt");
    c.ok(write_file(vfs, "/mnt/old", "second"), "create /mnt/old");
    ipc::Handle private_end, plain_end;
    if (!c.ok(vfs.clone(true, private_end), "clone(true)")) return;
    if (!c.ok(vfs.clone_may_change(plain_end), "cloneMayChange")) return;
    Session own(private_end), plain(plain_end);
    auto third = w.start_third_fs();
    if (!c.ok(third ? Status{} : Status(third.error()), "start a third ramfs")) return;
    auto refused = w.start_third_fs();
    c.expect(!refused, "one third ramfs");

    auto spare = ipc::channel_create();
    if (!c.ok(spare ? Status{} : Status(spare.error()), "channel_create")) return;
    (void)ipc::close(spare->b);
    c.is(own.vfs.replace("/mnt", spare->a), Error::AccessDenied, "a private clone may not replace");
    auto spare2 = ipc::channel_create();
    if (!c.ok(spare2 ? Status{} : Status(spare2.error()), "channel_create")) return;
    (void)ipc::close(spare2->b);
    c.ok(vfs.mkdir("/plain", 0755), "mkdir /plain");
    c.is(vfs.replace("/plain", spare2->a), Error::InvalidArgument, "replace where nothing is mounted");

    c.ok(vfs.replace("/mnt", *third), "replace /mnt's file system");
    c.expect(!exists(vfs, "/mnt/old"), "/mnt is served by the new file system");
    c.expect(!exists(own.vfs, "/mnt/old"), "so in the private clone too");
    c.ok(write_file(own.vfs, "/mnt/new", "third"), "create /mnt/new in the private clone");
    c.expect(file_holds(vfs, "/mnt/new", "third"), "the original sees it: one file system");
    c.expect(file_holds(plain.vfs, "/mnt/new", "third"), "and so does a shared clone");
  });
}

// A mount shadows the directory beneath until it is unmounted.
int mounts() {
  return in_world("mounts", [](Check& c, World& w) {
    VfsClient& vfs = w.vfs();
    c.ok(vfs.mkdir("/mnt", 0755), "mkdir /mnt");
    c.ok(write_file(vfs, "/mnt/old", "under"), "create /mnt/old");
    c.ok(vfs.mount(w.take_second_fs(), "/mnt", 0), "mount the second fs at /mnt");
    c.expect(!exists(vfs, "/mnt/old"), "/mnt/old is shadowed by the mount");
    c.expect(is_kind(vfs, "/mnt", NodeKind::Directory), "/mnt is the mounted root");
    c.ok(write_file(vfs, "/mnt/new", "above"), "create /mnt/new");
    c.expect(lists(vfs, "/mnt", "new"), "readdir of the mounted /mnt");
    c.ok(vfs.mkdir("/mnt/sub", 0755), "mkdir /mnt/sub");
    c.expect(file_holds(vfs, "/mnt/sub/../new", "above"), ".. inside a mount stays in it");
    c.expect(lists(vfs, "/mnt/..", "mnt"), "/mnt/.. is the root's directory");
    c.ok(vfs.rmdir("/mnt/sub"), "rmdir /mnt/sub");

    idl::Text path;
    bool end = false;
    c.expect(vfs.mounts(0, path, end).ok() && !end && path == idl::Text("/"), "mount 0 is /");
    c.expect(vfs.mounts(1, path, end).ok() && !end && path == idl::Text("/mnt"), "mount 1 is /mnt");
    c.expect(vfs.mounts(2, path, end).ok() && end, "no mount 2");

    c.ok(vfs.umount("/mnt"), "umount /mnt");
    c.expect(file_holds(vfs, "/mnt/old", "under"), "/mnt/old is back after umount");
    c.expect(!exists(vfs, "/mnt/new"), "/mnt/new went with the mount");
    c.is(vfs.umount("/mnt"), Error::InvalidArgument, "umount of a path that is no longer a mount point");
    c.is(vfs.umount("/"), Error::Busy, "umount of the only root");
  });
}

// clone(false) shares the mountspace; clone(true) copies it. Changes to the
// shared one are made through a session with the change right
// (cloneMayChange; hostile.cc checks that clone(false) has none).
int clones() {
  return in_world("clones", [](Check& c, World& w) {
    VfsClient& vfs = w.vfs();
    c.ok(vfs.mkdir("/mnt", 0755), "mkdir /mnt");
    c.ok(vfs.mkdir("/src", 0755), "mkdir /src");
    c.ok(write_file(vfs, "/src/f", "shared"), "create /src/f");

    ipc::Handle shared_end, private_end;
    if (!c.ok(vfs.clone_may_change(shared_end), "cloneMayChange")) return;
    if (!c.ok(vfs.clone(true, private_end), "clone(true)")) return;
    Session shared(shared_end), own(private_end);

    // Files are the same everywhere: only the mounts differ.
    c.expect(file_holds(own.vfs, "/src/f", "shared"), "a private clone sees the same files");
    c.ok(own.vfs.mount(w.take_second_fs(), "/mnt", 0), "mount in the private clone");
    c.ok(write_file(own.vfs, "/mnt/only-here", "x"), "create a file in the clone's mount");
    c.expect(exists(own.vfs, "/mnt/only-here"), "the clone sees its mount");
    c.expect(!exists(vfs, "/mnt/only-here"), "the original does not see the clone's mount");
    c.expect(!exists(shared.vfs, "/mnt/only-here"), "a shared clone does not see it either");

    c.ok(shared.vfs.bind("/src", "/mnt"), "bind in the shared clone");
    c.expect(file_holds(vfs, "/mnt/f", "shared"), "the original sees the shared clone's bind");
    c.expect(exists(own.vfs, "/mnt/only-here"), "the private clone still sees its own mount");
    c.ok(vfs.umount("/mnt"), "umount in the original");
    c.expect(!exists(shared.vfs, "/mnt/f"), "the shared clone sees the umount");

    // A clone of a clone, then the private clone's session goes away.
    ipc::Handle nested_end;
    if (c.ok(own.vfs.clone(false, nested_end), "clone of the private clone")) {
      Session nested(nested_end);
      c.expect(exists(nested.vfs, "/mnt/only-here"), "a shared clone of a private clone shares its mounts");
    }
  });
}

// bind shows one directory at another path, in the same file system.
int binds() {
  return in_world("binds", [](Check& c, World& w) {
    VfsClient& vfs = w.vfs();
    c.ok(vfs.mkdir("/a", 0755), "mkdir /a");
    c.ok(vfs.mkdir("/a/sub", 0755), "mkdir /a/sub");
    c.ok(write_file(vfs, "/a/sub/f", "bound"), "create /a/sub/f");
    c.ok(vfs.mkdir("/b", 0755), "mkdir /b");
    c.ok(vfs.bind("/a/sub", "/b"), "bind /a/sub to /b");
    c.expect(file_holds(vfs, "/b/f", "bound"), "/b/f is /a/sub/f");
    c.ok(write_file(vfs, "/b/g", "through"), "create /b/g");
    c.expect(file_holds(vfs, "/a/sub/g", "through"), "/a/sub/g is /b/g");
    c.ok(vfs.rename("/b/g", "/a/h"), "rename from a bind into its own file system");
    c.expect(file_holds(vfs, "/a/h", "through"), "the renamed file");
    c.is(vfs.rmdir("/b"), Error::Busy, "rmdir of a bind point");
    c.is(vfs.bind("/a/sub/f", "/b"), Error::NotDirectory, "bind of a file");
    c.is(vfs.bind("/a", "/a/h"), Error::NotDirectory, "bind onto a file");
    c.is(vfs.bind("/nowhere", "/b"), Error::NotFound, "bind of a missing directory");
    c.ok(vfs.umount("/b"), "umount /b");
    c.expect(lists(vfs, "/b", ""), "/b is empty again");
  });
}

// Renames stay inside one file system; mount points do not move.
int crossdevice() {
  return in_world("crossdevice", [](Check& c, World& w) {
    VfsClient& vfs = w.vfs();
    c.ok(vfs.mkdir("/mnt", 0755), "mkdir /mnt");
    c.ok(vfs.mount(w.take_second_fs(), "/mnt", 0), "mount /mnt");
    c.ok(write_file(vfs, "/f", "root"), "create /f");
    c.ok(write_file(vfs, "/mnt/g", "second"), "create /mnt/g");
    c.is(vfs.rename("/f", "/mnt/f"), Error::CrossDevice, "rename into another file system");
    c.is(vfs.rename("/mnt/g", "/g"), Error::CrossDevice, "rename out of another file system");
    c.ok(vfs.rename("/f", "/f2"), "rename inside the root");
    c.ok(vfs.rename("/mnt/g", "/mnt/g2"), "rename inside the mount");
    c.expect(file_holds(vfs, "/mnt/g2", "second"), "the renamed file in the mount");
    c.is(vfs.rename("/mnt", "/elsewhere"), Error::Busy, "rename of a mount point");
    c.is(vfs.rename("/f2", "/mnt"), Error::Busy, "rename onto a mount point");
    c.is(vfs.unlink("/mnt"), Error::Busy, "unlink of a mount point");
    c.is(vfs.rmdir("/mnt"), Error::Busy, "rmdir of a mount point");
    c.ok(vfs.unlink("/mnt/g2"), "unlink inside the mount");
    // statfs asks the file system the path is on; sync asks every mount.
    idl::fs::FsInfo info;
    if (c.ok(vfs.statfs("/mnt/", info), "statfs /mnt")) {
      c.expect(info.type.size == 5 && memcmp(info.type.data, "ramfs", 5) == 0, "/mnt is on a ramfs");
      c.expect(info.block_size == 4096 && info.free_blocks > 0 && info.free_blocks <= info.blocks,
               "its free blocks are some of its blocks");
      c.expect(info.files == 1, "the mounted ramfs holds its root alone");
    }
    c.is(vfs.statfs("/nowhere", info), Error::NotFound, "statfs of a missing path");
    c.ok(vfs.sync(), "sync of every mount");
  });
}

// Bad paths and operations get their errors, and vfs keeps serving.
int errors() {
  return in_world("errors", [](Check& c, World& w) {
    VfsClient& vfs = w.vfs();
    idl::fs::Stat stat;
    static char long_path[1100];
    memset(long_path, 'a', sizeof long_path - 1);
    long_path[0] = '/';
    for (size_t i = 200; i < 1024; i += 200) long_path[i] = '/';
    c.is(vfs.stat(idl::Text(long_path, 1024), stat), Error::TooLarge, "a path over PATH_MAX (refused by the IDL)");
    c.is(vfs.stat(idl::Text(long_path, 1023), stat), Error::NotFound, "a path of exactly PATH_MAX");
    static char long_name[300];
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[0] = '/';
    c.is(vfs.mkdir(idl::Text(long_name, 257), 0755), Error::NameTooLong, "a component over NAME_MAX");
    c.is(vfs.stat(idl::Text("/a\0b", 4), stat), Error::Malformed, "a path with a NUL (refused by the IDL)");
    c.is(vfs.stat("", stat), Error::NotFound, "an empty path");
    c.is(vfs.stat("relative", stat), Error::InvalidArgument, "a relative path");

    c.ok(vfs.mkdir("/../../up", 0755), "mkdir /../../up (.. above the root is the root)");
    c.expect(is_kind(vfs, "/up", NodeKind::Directory), "/up made through /../..");
    c.expect(is_kind(vfs, "/..", NodeKind::Directory), "/.. is the root");

    c.ok(write_file(vfs, "/up/f", "x"), "create /up/f");
    ipc::Handle file;
    c.is(vfs.open("/up", kWriteOnly, 0, file, stat), Error::IsDirectory, "open a directory for writing");
    c.is(vfs.open("/up/f", kReadOnly | kDirectory, 0, file, stat), Error::NotDirectory, "open a file as a directory");
    c.is(vfs.open("/up/missing", kReadOnly, 0, file, stat), Error::NotFound, "open a missing file");
    c.is(vfs.rmdir("/up"), Error::NotEmpty, "rmdir of a non-empty directory");
    Status s = vfs.unlink("/up");
    c.expect(s.error() == Error::IsDirectory || s.error() == Error::NotEmpty, "unlink of a non-empty directory fails");
    c.expect(exists(vfs, "/up/f"), "the directory's file is still there");
    c.is(vfs.mkdir("/up/f/g", 0755), Error::NotDirectory, "mkdir under a file");

    c.is(vfs.mount(w.take_second_fs(), "/up/f", 0), Error::NotDirectory, "mount on a file");
    c.is(vfs.umount("/up"), Error::InvalidArgument, "umount of a directory that is not a mount point");
    // A File channel is not a file system: the mount check finds out.
    if (c.ok(vfs.open("/up/f", kReadOnly, 0, file, stat), "open /up/f")) {
      c.is(vfs.mount(file, "/up", 0), Error::WrongType, "mount of a File channel");
    }
    c.is(vfs.mount(ipc::kInvalidHandle, "/up", 0), Error::BadHandle, "mount of no handle (refused by the kernel)");
    c.expect(exists(vfs, "/up/f"), "vfs still serves after the errors");
  });
}

// A session end handed to vfs as a file system has vfs call itself: another
// of its threads answers that it is no file system.
int selfmount() {
  return in_world("selfmount", [](Check& c, World& w) {
    VfsClient& vfs = w.vfs();
    c.ok(vfs.mkdir("/loop", 0755), "mkdir /loop");
    ipc::Handle clone;
    if (!c.ok(vfs.clone(false, clone), "clone")) return;
    c.is(vfs.mount(clone, "/loop", 0), Error::WrongType, "mount of a Vfs session");
    c.expect(is_kind(vfs, "/loop", NodeKind::Directory), "vfs still serves");
  });
}

// Sessions come and go; the last one leaving ends vfs.
int sessions() {
  Check c("sessions");
  World w;
  if (!w.start(c.name())) {
    c.expect(false, "the world did not start");
    w.stop();
    return c.finish();
  }
  VfsClient& vfs = w.vfs();
  c.ok(vfs.mkdir("/mnt", 0755), "mkdir /mnt");
  // A private mountspace holding the only mount of a file system, dropped
  // with its session.
  ipc::Handle own_end;
  if (c.ok(vfs.clone(true, own_end), "clone(true)")) {
    Session own(own_end);
    c.ok(own.vfs.mount(w.take_second_fs(), "/mnt", 0), "mount in the private clone");
    c.ok(write_file(own.vfs, "/mnt/f", "x"), "create in the clone's mount");
  }
  // Many sessions at once, past the tables' first sizes (init's session has
  // no per-client limit), then all gone.
  static ipc::Handle ends[100];
  size_t opened = 0;
  while (opened < 100 && c.ok(vfs.clone(opened % 2 == 0, ends[opened]), "clone")) ++opened;
  c.expect(opened == 100, "100 sessions at once");
  for (size_t i = 0; i < opened; ++i) (void)ipc::close(ends[i]);
  // vfs learns of the closes asynchronously; its queue is in order, so the
  // next call is answered after them.
  ipc::Handle again;
  if (c.ok(vfs.clone(true, again), "clone after the others closed")) {
    Session s(again);
    c.expect(exists(s.vfs, "/mnt") && !exists(s.vfs, "/mnt/f"), "a new private clone has the original's mounts");
  }
  c.expect(w.stop(), "vfs exits when its last session closes");
  return c.finish();
}

}  // namespace vfstest
