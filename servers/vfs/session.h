// Session: one Vfs channel end, a source of vfs's server. It holds its
// mountspace, its account and whether it may change the mountspace; its
// requests are served by the handlers in session.cc. The counts it takes
// (its space's and account's sessions) are given back when the server
// forgets it: its client closed the end, or it could not be made.
#pragma once

#include "parking.h"
#include "server.h"

namespace vfs {

class Session final : public server::Source {
 public:
  Session(Server& server, Space* space, Account* account, bool may_change);
  ~Session() override;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void on_call(server::Call& call) override;

  Space* space() const { return space_; }
  Account* account() const { return account_; }
  bool may_change() const { return may_change_; }

 private:
  Server& server_;
  Space* space_;
  Account* account_;
  bool may_change_;
};

// Serves the Vfs request in message, made on session (which may have gone
// since: the request then fails), and leaves the reply in message, unless
// the handler parked the call through parking.
void serve_request(Server& server, server::Key session, ipc::Message& message, Parking& parking);

}  // namespace vfs
