// One client/server pair of the stress test (apps/stress): the client
// sends kBurst asynchronous messages numbered 0, 1, 2, ... and then calls
// "tally: I have sent up to n"; the server checks that the messages come in
// order with none missing and answers the tally once it has them all
// (parking the call until then: a call overtakes queued messages). So a
// message lost, repeated or reordered by the kernel is seen by the server,
// and one lost before a kill is seen by the tally that never comes.
//
// Exit statuses: 0 the peer went (PeerClosed); kLost the checks failed;
// kBroken an IPC error other than PeerClosed.
#pragma once

#include <cstdint>

#include "ipc/message.h"

namespace stress {

constexpr uint64_t kBurst = 8;  // below a channel end's 64 queued messages
constexpr int kLost = 3;
constexpr int kBroken = 4;

// Serves the pair's channel end until the client goes. A server that does
// not answer parks every tally for good, so its pair stops: how the
// watchdog itself is tested (stress stall).
int serve(ipc::Handle end, bool answers);
// Runs rounds on the pair's channel end until the server goes, counting
// each in *rounds (shared with the conductor, its single writer).
int run_client(ipc::Handle end, uint64_t* rounds);

}  // namespace stress
