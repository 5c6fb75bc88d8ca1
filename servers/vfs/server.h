// The vfs server: sessions, mountspaces and mounted file systems, and the
// Vfs protocol (idl/vfs.capnp) on top of them.
//
// Every session is a Vfs channel end bound to the server's one port, with a
// badge naming the session; a session points to a mountspace, which several
// sessions may share (clone(private = false)). Each mounted file system is
// a FileSystem client end (idl/fs.capnp) shared by every mount entry that
// names it, in any mountspace, and closed when the last one goes.
//
// Who may change a mountspace (docs/mountspaces.md): a session may mount,
// umount and bind only with the change right. init's first session has it,
// a private copy's session has it, and cloneMayChange passes it on; a plain
// clone(false) shares the mountspace without it.
//
// File systems are untrusted: anyone with a private mountspace can mount
// one, and it may never answer. Several threads serve the port
// (ipc::ServingThreads): a thread calls a file system with the server lock
// released and another thread serving, so a file system that hangs holds
// up only the requests that go to it (docs/architecture.md).
//
// Tables grow until memory runs out. What one client can take is bounded
// per account: every session cloned from init's session starts an account,
// and sessions cloned from it share it; an account holds at most
// kSessionsPerAccount sessions and kSpacesPerAccount private mountspaces,
// and makes at most kCallsPerAccount file-system calls at a time. Past a
// limit a request fails with NoMemory (ShouldWait for calls).
#pragma once

#include <cstdint>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/serving_threads.h"
#include "mount_table.h"
#include "slot_table.h"
#include "vfs.idl.h"

namespace vfs {

class Server {
 public:
  // Every process holds a session, and procmgr a second one to show its
  // mounts in /proc: a tree of 2,000 processes fits.
  static constexpr uint32_t kSessionsPerAccount = 4096;
  static constexpr uint32_t kSpacesPerAccount = 32;
  static constexpr uint32_t kCallsPerAccount = 8;

  Server() : threads_(serve, this) {}

  // Serves init's session on session_end, in a mountspace with root_fs (a
  // FileSystem client end) mounted at "/". Takes both handles.
  Status start(ipc::Handle session_end, ipc::Handle root_fs);
  // Serves requests until no session is left (nobody can reach vfs then);
  // then ends the process.
  [[noreturn]] void run();

  // Closes the handles of a message that will not be used.
  static void drop_handles(const ipc::Handle* handles, uint32_t count);

 private:
  class Requests;

  // All-zero is a free slot in every table.
  struct Session {
    ipc::Handle end;
    uint32_t generation;  // in the badge, so a stale badge finds nothing
    uint32_t space;
    uint32_t account;
    bool live;
    bool may_change;  // mount, umount, bind
  };
  struct Space {
    MountSpace* mounts;  // on the heap; nullptr: free
    uint32_t sessions;
    uint32_t account;  // charged for a private copy
  };
  struct FileSystem {
    ipc::Handle channel;
    uint32_t refs;   // mount entries naming it, over all mountspaces, and calls in flight
    uint32_t calls;  // calls in flight on channel
  };
  // A channel replaced while calls were in flight on it: closed after the
  // last of them, so its handle number cannot be reused under them.
  struct Retired {
    ipc::Handle channel;
    uint32_t calls;  // 0: a free slot
  };
  struct Account {
    uint32_t sessions;
    uint32_t spaces;
    uint32_t calls;  // file-system calls in flight
    bool live;
    bool unlimited;  // init's
  };

  static void serve(void* server);
  [[noreturn]] void serve_loop();

  // --- accounts (live while they hold anything)
  Result<uint32_t> add_account(bool unlimited);
  void release_account(uint32_t account);

  // --- sessions
  Result<uint32_t> add_session(ipc::Handle end, uint32_t space, uint32_t account, bool may_change);
  Session* session_for(uint64_t badge);
  void drop_session(uint32_t index);

  // --- mountspaces (a space is in use while sessions > 0)
  // A space holding mounts (a copy, or the first root), charged to account;
  // the caller attaches a session to it or frees it.
  Result<uint32_t> add_space(const MountSpace& mounts, uint32_t account);
  void free_space(uint32_t space);

  // --- file systems (a slot is in use while refs > 0)
  Result<FsId> add_file_system(ipc::Handle channel);
  void ref_file_system(FsId fs) { ++file_systems_[fs].refs; }
  void unref_file_system(FsId fs);
  // Serves fs by channel from now on; the old channel closes when no call
  // is in flight on it any more.
  Status replace_channel(FsId fs, ipc::Handle channel);
  // A call made on channel for fs has ended.
  void end_call(FsId fs, ipc::Handle channel);

  // Runs body() with the lock released and another thread serving, as one
  // of account's calls in flight: body calls something that may never
  // answer. ShouldWait at the account's limit; NoMemory if no thread is
  // left to serve meanwhile.
  template <class Body>
  Status unlocked(uint32_t account, Body&& body);

  ipc::ServingThreads threads_;
  ipc::Handle port_ = ipc::kInvalidHandle;
  uint32_t live_sessions_ = 0;
  SlotTable<Session> sessions_;
  SlotTable<Space> spaces_;
  SlotTable<FileSystem> file_systems_;
  SlotTable<Retired> retired_;
  SlotTable<Account> accounts_;
};

}  // namespace vfs
