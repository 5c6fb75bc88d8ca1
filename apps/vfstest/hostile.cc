// Checks of what vfs refuses to let one client do to the others: change a
// mountspace it only shares, stall vfs through a file system that never
// answers, or use up its tables.
#include <string.h>

#include "ipc/open_flags.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "directory_only_fs.h"
#include "vfstest.h"

namespace vfstest {

namespace {

using namespace ipc::open_flags;
using idl::fs::NodeKind;


}  // namespace

// Only a session with the change right may mount, umount or bind: a plain
// shared clone is refused, a private clone and cloneMayChange may.
int rights() {
  return in_world("rights", [](Check& c, World& w) {
    VfsClient& vfs = w.vfs();
    c.ok(vfs.mkdir("/mnt", 0755), "mkdir /mnt");
    c.ok(vfs.mkdir("/src", 0755), "mkdir /src");
    c.ok(vfs.bind("/src", "/mnt"), "the first session binds");
    ipc::Handle end;
    if (!c.ok(vfs.clone(false, end), "clone(false)")) return;
    Session shared(end);
    c.is(shared.vfs.umount("/mnt"), Error::AccessDenied, "a shared clone cannot umount");
    c.is(shared.vfs.bind("/src", "/src"), Error::AccessDenied, "a shared clone cannot bind");
    c.is(shared.vfs.mount(w.take_second_fs(), "/src", 0), Error::AccessDenied, "a shared clone cannot mount");
    c.is(shared.vfs.clone_may_change(end), Error::AccessDenied, "a shared clone cannot grant the right");
    idl::Text path;
    bool last = false;
    c.expect(vfs.mounts(1, path, last).ok() && !last && path == idl::Text("/mnt"), "the bind is still there");

    if (!c.ok(shared.vfs.clone(true, end), "a shared clone makes a private copy")) return;
    Session own(end);
    c.ok(own.vfs.umount("/mnt"), "the private copy may umount");
    c.ok(own.vfs.bind("/src", "/src"), "the private copy may bind");
    c.expect(vfs.mounts(1, path, last).ok() && !last && path == idl::Text("/mnt"), "the original keeps its bind");

    if (!c.ok(vfs.clone_may_change(end), "cloneMayChange")) return;
    Session granted(end);
    c.ok(granted.vfs.umount("/mnt"), "a session granted the right may umount the shared space");
    c.expect(vfs.mounts(1, path, last).ok() && last, "the original sees that umount");
    if (c.ok(granted.vfs.clone(false, end), "a clone of the granted session")) {
      Session plain(end);
      c.is(plain.vfs.bind("/src", "/mnt"), Error::AccessDenied, "clone(false) never passes the right on");
    }
  });
}

namespace {

// A file system that answers vfs's mount check, then takes the open vfs
// hands it (FileSystem.openFor, a message carrying the client's parked
// call) and never answers it. While it holds the open it asks vfs for other
// work through another session, with a deadline; then it closes what it
// holds, as the kernel does for a file system that dies, which fails the
// open.
struct HungFs : DirectoryOnlyFs {
  ipc::Handle server_end = ipc::kInvalidHandle;
  ipc::Handle other_session = ipc::kInvalidHandle;
  Status answered;     // the mount check's reply
  Status held;         // receiving the open it never answers
  bool handed_over = false;  // it came as a message with one handle (the Reply)
  Status served_stat;  // vfs's answers meanwhile
  Status served_mkdir;

  static void run(void* self) { static_cast<HungFs*>(self)->serve(); }

  void serve() {
    answered = answer_mount_check(server_end);
    if (!answered) return;
    ipc::Event open = ipc::channel_recv(server_end);
    held = open.ok() ? Status{} : Status(open.error());
    if (!open.ok()) return;
    handed_over = open.kind() == abi::EventKind::Message && open.handle_count() == 1;
    ipc::Handle reply = ipc::take(open).handles[0];
    // vfs handed the open over and waits for nothing.
    Session other(other_session, ipc::deadline_in_ms(5000));
    idl::fs::Stat stat;
    served_stat = other.vfs.stat("/", stat);
    served_mkdir = other.vfs.mkdir("/made-meanwhile", 0755);
    (void)ipc::close(reply);
  }
};

}  // namespace

// A mounted file system that never answers holds up only the requests that
// go to it: vfs serves everyone else meanwhile, and holds no thread for it.
int hungfs() {
  return in_world("hungfs", [](Check& c, World& w) {
    VfsClient& vfs = w.vfs();
    c.ok(vfs.mkdir("/hung", 0755), "mkdir /hung");
    auto pair = ipc::channel_create();
    if (!c.ok(pair.error(), "channel_create")) return;
    static HungFs fs;
    fs = HungFs{};
    fs.server_end = pair->b;
    if (!c.ok(vfs.clone(false, fs.other_session), "clone a session for the file system's thread")) return;
    auto thread = ipc::start_thread(HungFs::run, &fs);
    if (!c.ok(thread.error(), "start the file system's thread")) return;
    // A private copy may mount whatever it likes.
    ipc::Handle end;
    if (!c.ok(vfs.clone(true, end), "clone(true)")) return;
    Session own(end);
    c.ok(own.vfs.mount(pair->a, "/hung", 0), "mount a file system that answers once");
    ipc::Handle file;
    idl::fs::Stat stat;
    Status open = own.vfs.open("/hung/x", kReadOnly, 0, file, stat);
    c.ok(fs.answered, "the file system answered the mount check");
    c.ok(fs.held, "the file system took the open");
    c.expect(fs.handed_over, "vfs handed the open over with the client's Reply");
    c.ok(fs.served_stat, "vfs answered a stat while the file system held the open");
    c.ok(fs.served_mkdir, "vfs made a directory while the file system held the open");
    c.is(open, Error::PeerClosed, "the open fails when the file system goes holding it (libc: EIO)");
    c.expect(exists(vfs, "/made-meanwhile"), "what was made meanwhile is there");
    c.ok(own.vfs.umount("/hung"), "umount the dead file system");
    (void)ipc::close(pair->b);
    (void)ipc::close(*thread);
  });
}

namespace {

// A file system that answers vfs's mount check and then never reads its
// channel again.
struct StuckFs : DirectoryOnlyFs {
  ipc::Handle server_end = ipc::kInvalidHandle;
  Status answered;

  static void run(void* self) {
    auto* fs = static_cast<StuckFs*>(self);
    fs->answered = fs->answer_mount_check(fs->server_end);
  }
};

}  // namespace

// Once a file system's channel holds the 64 messages it can, vfs cannot
// hand it an open: it makes the open as a call of its own instead, which
// waits for the file system like any call (here until the caller's
// deadline), rather than failing it with ShouldWait.
int fullfs() {
  return in_world("fullfs", [](Check& c, World& w) {
    VfsClient& vfs = w.vfs();
    c.ok(vfs.mkdir("/stuck", 0755), "mkdir /stuck");
    auto pair = ipc::channel_create();
    if (!c.ok(pair.error(), "channel_create")) return;
    // A second client end, to fill the file system's queue through.
    auto filler = ipc::duplicate(pair->a, uint32_t(sys::handle_info(pair->a)));
    if (!c.ok(filler.error(), "duplicate the client end")) return;
    static StuckFs fs;
    fs = StuckFs{};
    fs.server_end = pair->b;
    auto thread = ipc::start_thread(StuckFs::run, &fs);
    if (!c.ok(thread.error(), "start the file system's thread")) return;
    ipc::Handle end;
    if (!c.ok(vfs.clone(true, end), "clone(true)")) return;
    Session own(end);
    c.ok(own.vfs.mount(pair->a, "/stuck", 0), "mount a file system that stops reading");
    c.ok(fs.answered, "the file system answered the mount check");
    uint64_t words[4] = {};
    int queued = 0;
    while (ipc::channel_send(*filler, 0, words).ok()) ++queued;
    c.expect(queued == 64, "the file system's channel holds 64 messages");
    if (c.ok(own.vfs.clone(false, end), "a session with a deadline")) {
      Session impatient(end, ipc::deadline_in_ms(1000));
      ipc::Handle file;
      idl::fs::Stat stat;
      c.is(impatient.vfs.open("/stuck/x", kReadOnly, 0, file, stat), Error::TimedOut,
           "an open past the full queue waits for the file system");
    }
    // vfs's call fails with the file system's end, and vfs serves on.
    (void)ipc::close(pair->b);
    c.ok(own.vfs.umount("/stuck"), "umount the stuck file system");
    c.expect(exists(vfs, "/stuck"), "vfs still serves");
    (void)ipc::close(*filler);
    (void)ipc::close(*thread);
  });
}

// What a path names as a directory must be one: a trailing slash or a ".."
// after a file is NotDirectory, not a lexical shortcut.
int notdir() {
  return in_world("notdir", [](Check& c, World& w) {
    VfsClient& vfs = w.vfs();
    c.ok(vfs.mkdir("/d", 0755), "mkdir /d");
    c.ok(write_file(vfs, "/d/f", "x"), "create /d/f");
    ipc::Handle file;
    idl::fs::Stat stat;
    c.is(vfs.open("/d/f/", kReadOnly, 0, file, stat), Error::NotDirectory, "open of a file with a trailing slash");
    c.is(vfs.open("/d/f/.", kReadOnly, 0, file, stat), Error::NotDirectory, "open of a file with /.");
    c.is(vfs.stat("/d/f/..", stat), Error::NotDirectory, "stat of file/..");
    c.is(vfs.stat("/d/f/../f", stat), Error::NotDirectory, "stat of file/../f");
    c.is(vfs.stat("/d/missing/../f", stat), Error::NotFound, "missing/.. is NotFound");
    c.is(vfs.open("/d/new/", kWriteOnly | kCreate, 0644, file, stat), Error::IsDirectory,
         "create with a trailing slash");
    c.is(vfs.unlink("/d/f/"), Error::NotDirectory, "unlink of a file with a trailing slash");
    c.ok(vfs.stat("/d/", stat), "stat of a directory with a trailing slash");
    c.ok(vfs.stat("/d/../d/f", stat), "dir/.. still works");
    c.ok(vfs.mkdir("/d/e/", 0755), "mkdir with a trailing slash");
    c.expect(exists(vfs, "/d/e"), "/d/e made through /d/e/");
    if (c.ok(vfs.open("/d/e/", kReadOnly | kDirectory, 0, file, stat), "open of a directory with a trailing slash")) {
      (void)ipc::close(file);
    }
  });
}

// One client's sessions and private mountspaces are bounded, so it cannot
// use vfs up for the others.
int limits() {
  return in_world("limits", [](Check& c, World& w) {
    VfsClient& vfs = w.vfs();
    ipc::Handle end;
    if (!c.ok(vfs.clone(false, end), "clone a client's session")) return;
    Session client(end);
    constexpr size_t kMore = 4096 + 100;  // past vfs::Server::kSessionsPerAccount
    static ipc::Handle ends[kMore];
    for (bool private_ : {true, false}) {
      const char* kind = private_ ? "private copies" : "sessions";
      size_t opened = 0;
      Status last;
      while (opened < kMore && (last = client.vfs.clone(private_, ends[opened])).ok()) ++opened;
      c.expect(opened >= 8 && opened < kMore, kind);
      c.is(last, Error::NoMemory, kind);
      ipc::Handle other;
      if (c.ok(vfs.clone(private_, other), "another client still gets one")) {
        Session another(other);
        ipc::Handle nested;
        if (c.ok(another.vfs.clone(private_, nested), "and may make its own")) (void)ipc::close(nested);
      }
      for (size_t i = 0; i < opened; ++i) (void)ipc::close(ends[i]);
    }
    c.expect(exists(client.vfs, "/"), "vfs still serves the client");
  });
}

}  // namespace vfstest
