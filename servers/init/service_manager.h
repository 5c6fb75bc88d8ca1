// The ServiceManager endpoint (idl/services.capnp): the `service` utility's
// way to init's supervisor. One channel, served by the supervisor's own
// server on its watch thread, so requests and service ends are handled one
// at a time; holders share it through duplicates of the end (libc's
// inheritance), which init gives only to the console's program.
#pragma once

#include "ipc/message.h"
#include "result.h"
#include "server/server.h"

namespace init {

class Supervisor;

// Adds the endpoint to server (before it runs) and returns the client end.
Result<ipc::Handle> serve_service_manager(server::Server& server, Supervisor& supervisor);

}  // namespace init
