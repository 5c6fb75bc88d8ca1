// Backlog: the requests a session makes while its account has
// kCallsPerAccount file-system calls in flight. Failing them would give a
// program EAGAIN from open() only because other programs of its account are
// busy; holding a thread for each would undo the bound on threads the limit
// is for. So each is parked (a deferred reply, server::Parked) with a copy
// of its request, in order, per account, and holds no thread. When one of
// the account's calls ends, that thread wakes the backlog with a message to
// itself; whichever thread takes it from the port serves the parked
// requests the account has room for. A caller that stops waiting takes its
// request out. Past kQueuedPerAccount parked requests, a request is served
// at once and fails with ShouldWait.
#pragma once

#include <cstdint>

#include "ipc/ipc.h"
#include "server/pending.h"
#include "server/server.h"
#include "parking.h"

namespace vfs {

class Server;
class Backlog;
struct Account;

// One parked request: the copy of its message, the session it came on.
class QueuedCall final : public server::Parked, public Parking {
 public:
  QueuedCall(Backlog& backlog, Server& server, Account* account, server::Key session)
      : backlog_(backlog), server_(server), account_(account), session_(session) {}
  ~QueuedCall() override;
  // Copies request (its bytes and handles: they are ours now).
  bool take(const ipc::Message& request);
  // Marks it taken out of the queue to be served (the caller's going then
  // leaves it to serve()).
  QueuedCall* serving();
  // Serves it in this thread and answers the caller; deletes it.
  void serve();
  void on_gone() override;
  Result<ipc::Handle> parked_reply() override { return hand_over(); }

  QueuedCall* next = nullptr;  // the account's queue
  Account* account() const { return account_; }

 private:
  Backlog& backlog_;
  Server& server_;
  Account* account_;
  server::Key session_;
  uint8_t* bytes_ = nullptr;
  uint32_t size_ = 0;
  uint32_t handle_count_ = 0;
  bool serving_ = false;  // out of the queue, being served (the caller may go meanwhile)
  ipc::Handle handles_[ipc::kMaxMessageHandles] = {};
};

class Backlog final : public server::Source {
 public:
  explicit Backlog(Server& server) : server_(server) {}
  // Parks call for account, behind the requests already parked; false if it
  // could not (no memory, the queue is full) and the call was not deferred.
  bool park(server::Call& call, Account* account);
  // One of account's calls ended: serve what it has parked.
  void wake(Account* account);
  void on_event(const ipc::Event& event) override;
  // A queued call is done with (served, or its caller went): it no longer
  // counts; out of the queue too if it was still in it.
  void forget(QueuedCall* call, bool in_queue);

 private:
  Status start();
  void stop();

  Server& server_;
  server::Key key_ = 0;
  uint32_t parked_ = 0;  // over all accounts; the backlog is bound only while some are
  ipc::Handle bell_ = ipc::kInvalidHandle;  // our end to ring: the message comes to on_event
  bool rung_ = false;                        // a message is on its way
  Account* ready_ = nullptr;                 // accounts with room and parked requests
};

}  // namespace vfs
