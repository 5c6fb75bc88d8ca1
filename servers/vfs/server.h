// The vfs server: sessions, mountspaces and mounted file systems, and the
// Vfs protocol (idl/vfs.capnp) on top of them.
//
// Every session is a Vfs channel end bound to the server's one port, with a
// badge naming the session; a session points to a mountspace, which several
// sessions may share (clone(private = false)). Each mounted file system is
// a FileSystem client end (idl/fs.capnp) shared by every mount entry that
// names it, in any mountspace, and closed when the last one goes.
//
// Requests are served one at a time on one thread: a request that needs a
// file system is answered only after vfs's own call to it returns, made
// while vfs holds its client's call (the kernel lets a server receive again
// only once it has replied). So vfs never waits for anything but a file
// system, and file systems never call vfs. A file system that never answers
// stalls vfs: the limit of this synchronous design (a new mount must answer
// within a deadline, which also keeps vfs from calling itself).
//
// Fixed-size tables (no heap): kMaxSessions sessions, kMaxSpaces
// mountspaces, kMaxFileSystems file systems, MountSpace::kMaxMounts mounts
// each. Past any of them a request fails with NoMemory.
#pragma once

#include <cstdint>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "mount_table.h"
#include "vfs.idl.h"

namespace vfs {

class Server {
 public:
  static constexpr uint32_t kMaxSessions = 64;
  static constexpr uint32_t kMaxSpaces = 16;
  static constexpr uint32_t kMaxFileSystems = 32;

  // Serves init's session on session_end, in a mountspace with root_fs (a
  // FileSystem client end) mounted at "/". Takes both handles.
  Status start(ipc::Handle session_end, ipc::Handle root_fs);
  // Serves requests until no session is left (nobody can reach vfs then).
  void run();

  // Closes the handles of a message that will not be used.
  static void drop_handles(const ipc::Handle* handles, uint32_t count);

 private:
  class Requests;

  struct Session {
    ipc::Handle end = ipc::kInvalidHandle;
    uint32_t space = 0;
    uint32_t generation = 0;  // in the badge, so a stale badge finds nothing
    bool live = false;
  };
  struct Space {
    MountSpace mounts;
    uint32_t sessions = 0;  // 0: free
  };
  struct FileSystem {
    ipc::Handle channel = ipc::kInvalidHandle;
    uint32_t mounts = 0;  // mount entries naming it, over all mountspaces; 0: free
  };

  // --- sessions
  Result<uint32_t> add_session(ipc::Handle end, uint32_t space);
  Session* session_for(uint64_t badge);
  void drop_session(Session& session);

  // --- mountspaces (a space is in use while sessions > 0)
  // A private copy of space `from`, holding references to its file systems;
  // the caller attaches a session to it or clears it.
  Result<uint32_t> copy_space(uint32_t from);
  // Empties a space, dropping its references to file systems.
  void clear_space(uint32_t space);

  // --- file systems (a slot is in use while mount entries name it)
  // A free slot holding channel; taken by the first ref_file_system.
  Result<FsId> add_file_system(ipc::Handle channel);
  void ref_file_system(FsId fs) { ++file_systems_[fs].mounts; }
  void unref_file_system(FsId fs);
  ipc::Handle channel_of(FsId fs) const { return file_systems_[fs].channel; }

  ipc::Handle port_ = ipc::kInvalidHandle;
  uint32_t live_sessions_ = 0;
  Session sessions_[kMaxSessions];
  Space spaces_[kMaxSpaces];
  FileSystem file_systems_[kMaxFileSystems];
};

}  // namespace vfs
