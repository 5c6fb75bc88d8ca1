// vfstest: the vfs server checked from user mode, against two ramfs
// instances it starts itself (a root and a second file system to mount).
// Each check prints "PASS <name>" or "FAIL <name>: why" and returns its
// number of failures.
#pragma once

#include <stdio.h>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/transport.h"
#include "vfs.idl.h"

namespace vfstest {

using VfsClient = idl::vfs::VfsClient<ipc::ChannelTransport>;
using FileClient = idl::fs::FileClient<ipc::ChannelTransport>;

// A fresh system for one check: bin/vfs over a root ramfs, and a second
// ramfs not mounted yet.
class World {
 public:
  // Starts the three processes; false (after printing why) if it cannot.
  bool start(const char* check);
  // Ends them; true if vfs left by itself once its last session closed.
  bool stop();

  VfsClient& vfs() { return vfs_; }
  ipc::Handle session() const { return session_; }
  // The second file system's FileSystem client end (moves with a mount).
  ipc::Handle take_second_fs() {
    ipc::Handle h = second_fs_;
    second_fs_ = ipc::kInvalidHandle;
    return h;
  }
  // Starts a third ramfs (once); its FileSystem client end.
  Result<ipc::Handle> start_third_fs();

 private:
  ipc::Handle session_ = ipc::kInvalidHandle;
  ipc::Handle second_fs_ = ipc::kInvalidHandle;
  ipc::Handle processes_[4] = {};  // vfs, root ramfs, second ramfs, third ramfs
  ipc::ChannelTransport transport_{ipc::kInvalidHandle};
  VfsClient vfs_{transport_};
};

// Expectations of one check, counting failures.
class Check {
 public:
  explicit Check(const char* name) : name_(name) {}
  const char* name() const { return name_; }
  int failures() const { return failures_; }

  bool ok(Status s, const char* what) { return is(s, Error::Ok, what); }
  bool is(Status s, Error expected, const char* what);
  bool expect(bool condition, const char* what);
  // Prints PASS if nothing failed; returns the failure count.
  int finish();

 private:
  const char* name_;
  int failures_ = 0;
};

// --- helpers over a Vfs session.
// Creates (or truncates) path holding text.
Status write_file(VfsClient& vfs, const char* path, const char* text);
// Whether path holds exactly text.
bool file_holds(VfsClient& vfs, const char* path, const char* text);
// The names in a directory, each followed by a space, "." and ".." left
// out; an error's name in brackets if it cannot be listed.
void list(VfsClient& vfs, const char* path, char* out, size_t capacity);
bool lists(VfsClient& vfs, const char* path, const char* expected);
bool exists(VfsClient& vfs, const char* path);

int files();
int mounts();
int clones();
int binds();
int crossdevice();
int backlog();
int errors();
int selfmount();
int replace();
int sessions();
int rights();
int hungfs();
int fullfs();
int notdir();
int limits();

// A Vfs client on a session of its own (from clone), closed with it; its
// calls give up at deadline.
struct Session {
  explicit Session(ipc::Handle end, uint64_t deadline = ipc::kForever) : transport(end, deadline), vfs(transport) {}
  ~Session() { (void)ipc::close(transport.end()); }
  ipc::ChannelTransport transport;
  VfsClient vfs;
};

// Runs body(check, world) in a fresh world (whose sessions it must close)
// and reports.
template <class Body>
int in_world(const char* name, Body&& body) {
  Check c(name);
  World world;
  if (!world.start(name)) {
    c.expect(false, "the world did not start");
    world.stop();
    return c.finish();
  }
  body(c, world);
  c.expect(world.stop(), "vfs exits when its last session closes");
  return c.finish();
}

}  // namespace vfstest
