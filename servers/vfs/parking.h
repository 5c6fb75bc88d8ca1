// Parking: how a request's call is parked for a file system to answer it
// (an open vfs hands over: docs/ipc.md "Opens"). The call being served
// defers; a call the backlog parked already hands its Reply over. Either
// way vfs answers the caller no more.
#pragma once

#include "ipc/ipc.h"
#include "result.h"

namespace vfs {

class Parking {
 public:
  // The Reply to hand on: whoever holds it answers the caller.
  virtual Result<ipc::Handle> parked_reply() = 0;

 protected:
  ~Parking() = default;
};

}  // namespace vfs
