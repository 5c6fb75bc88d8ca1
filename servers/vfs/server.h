// The vfs server: sessions, mountspaces and mounted file systems, and the
// Vfs protocol (idl/vfs.capnp) on top of them.
//
// Every session is a Vfs channel end, a server::Source of one
// server::Server (libserver), whose badge is its slot-map key; a session
// points to a mountspace, which several sessions may share
// (clone(private = false)). Each mounted file system is a FileSystem client
// end (idl/fs.capnp) shared by every mount entry that names it, in any
// mountspace, and closed when the last one goes.
//
// Who may change a mountspace (docs/mountspaces.md): a session may mount,
// umount and bind only with the change right. init's first session has it,
// a private copy's session has it, and cloneMayChange passes it on; a plain
// clone(false) shares the mountspace without it.
//
// File systems are untrusted: anyone with a private mountspace can mount
// one, and it may never answer. The server serves with
// server::Threads::AsNeeded: a handler calls a file system unlocked, with
// another thread serving, so a file system that hangs holds up only the
// requests that go to it (docs/architecture.md).
//
// Tables grow until memory runs out. What one client can take is bounded
// per account: every session cloned from init's session starts an account,
// and sessions cloned from it share it; an account holds at most
// kSessionsPerAccount sessions and kSpacesPerAccount private mountspaces,
// and makes at most kCallsPerAccount file-system calls at a time. Past the
// calls' limit a request waits, parked (backlog.h); past the others it fails
// with NoMemory.
#pragma once

#include <cstdint>

#include "backlog.h"
#include "ipc/ipc.h"
#include "mount_table.h"
#include "server/server.h"
#include "server/slot_map.h"

namespace vfs {

// What one client (and the sessions cloned from it) holds.
struct Account {
  uint32_t sessions = 0;
  uint32_t spaces = 0;  // private copies
  uint32_t calls = 0;   // file-system calls in flight
  bool unlimited = false;  // init's
  // Requests parked while calls was at its limit (backlog.h), in order.
  QueuedCall* queue = nullptr;
  QueuedCall* queue_tail = nullptr;
  uint32_t queued = 0;  // in the queue or being served from it
  bool ready = false;   // in the backlog's list to be served, or being served
  Account* next_ready = nullptr;
};

// A mountspace and the sessions that share it; freed with the last of them.
struct Space {
  MountSpace mounts;
  uint32_t sessions = 0;
  Account* account = nullptr;  // charged for it
};

class Server {
 public:
  // Every process holds a session, and procmgr a second one to show its
  // mounts in /proc: a tree of 2,000 processes fits.
  static constexpr uint32_t kSessionsPerAccount = 4096;
  static constexpr uint32_t kSpacesPerAccount = 32;
  static constexpr uint32_t kCallsPerAccount = 8;
  static constexpr uint32_t kQueuedPerAccount = kSessionsPerAccount;

  Server() : backlog_(*this) {}

  // Serves init's session on session_end, in a mountspace with root_fs (a
  // FileSystem client end) mounted at "/". Takes both handles.
  Status start(ipc::Handle session_end, ipc::Handle root_fs);
  // Serves requests until no session is left (nobody can reach vfs then);
  // then ends the process.
  [[noreturn]] void run();

  // The libserver loop the sessions are sources of.
  server::Server& loop() { return server_; }

  // --- accounts: freed once they hold nothing
  Account* add_account(bool unlimited);
  void release_account(Account* account);
  // Whether a request on account is to wait in the backlog: the account is
  // at its limit of calls, or others wait before it.
  bool must_wait(const Account* account) const {
    return !account->unlimited && (account->calls == kCallsPerAccount || account->queue);
  }
  bool has_room(const Account* account) const { return account->unlimited || account->calls < kCallsPerAccount; }
  Backlog& backlog() { return backlog_; }

  // --- mountspaces
  // A copy of mounts charged to account, with no session yet: the caller
  // attaches one or frees it.
  Space* add_space(const MountSpace& mounts, Account* account);
  void free_space(Space* space);

  // --- file systems: each held while a mount entry names it or a call is
  // made on it
  Result<FsId> add_file_system(ipc::Handle channel);
  void ref_file_system(FsId fs);
  void unref_file_system(FsId fs);
  // Serves fs by channel from now on; the old channel closes when no call
  // is in flight on it any more.
  Status replace_channel(FsId fs, ipc::Handle channel);

  // Calls file system fs through body(channel) with the lock released and
  // another thread serving, as one of account's calls in flight. The file
  // system is held meanwhile, so its channel stays open. ShouldWait at the
  // account's limit; NoMemory if no thread is left to serve meanwhile.
  template <class Body>
  Status call(Account* account, FsId fs, Body&& body);
  // Sends file system fs a message through body(channel), which must not
  // wait (a one-way request: the open handed over), with the lock held.
  // What the file system does with it holds no thread and no call of vfs.
  template <class Body>
  Status send(FsId fs, Body&& body);
  // body(), unlocked, as one of account's calls (a channel not yet mounted).
  template <class Body>
  Status unlocked(Account* account, Body&& body);

 private:
  // A file system's channel: closed once it was replaced and the last call
  // on it has ended, so its handle number cannot be reused under them.
  struct Channel {
    ipc::Handle handle;
    uint32_t users;  // the file system that serves by it, and calls in flight
  };
  struct FileSystem {
    Channel* channel;
    uint32_t refs;  // mount entries naming it, over all mountspaces, and calls in flight
  };
  static void release(Channel* channel);

  server::Server server_;
  server::SlotMap<FileSystem> file_systems_;
  Backlog backlog_;
};

template <class Body>
Status Server::unlocked(Account* account, Body&& body) {
  if (!account->unlimited && account->calls == kCallsPerAccount) return Error::ShouldWait;
  ++account->calls;
  Status status = server_.unlocked(body);
  --account->calls;
  if (account->queue) backlog_.wake(account);
  release_account(account);
  return status;
}

template <class Body>
Status Server::send(FsId fs, Body&& body) {
  FileSystem* held = file_systems_.find(fs);
  if (!held) return Error::NotFound;
  Status status = body(held->channel->handle);
  // As for a call: the file system's server has gone.
  if (status.error() == Error::PeerClosed) return Error::IoError;
  return status;
}

template <class Body>
Status Server::call(Account* account, FsId fs, Body&& body) {
  FileSystem* held = file_systems_.find(fs);
  if (!held) return Error::NotFound;
  ++held->refs;
  Channel* channel = held->channel;
  ++channel->users;
  Status status = unlocked(account, [&] { return body(channel->handle); });
  release(channel);
  unref_file_system(fs);
  // The file system's server has gone (stopped, or ended and not yet back):
  // to the caller an I/O error of that file system (EIO), not a broken pipe.
  if (status.error() == Error::PeerClosed) return Error::IoError;
  return status;
}

}  // namespace vfs
