#include "pair.h"

#include <stdio.h>

#include "ipc/ipc.h"

namespace stress {

namespace {

const uint64_t kInfo = abi::make_info(abi::kIpcRegisterBytes, 0);  // a2..a5 full

}  // namespace

int serve(ipc::Handle end, bool answers) {
  auto port = ipc::port_create();
  if (!port || !ipc::port_bind(*port, end, 1)) return kBroken;
  uint64_t expected = 0;  // the number of the next message
  ipc::Handle parked = ipc::kInvalidHandle;  // a tally waiting for its messages
  uint64_t parked_until = 0;
  ipc::Event e = ipc::port_wait(*port);
  for (;;) {
    if (!e.ok()) return kBroken;
    switch (e.kind()) {
      case abi::EventKind::PeerClosed:
        return 0;
      case abi::EventKind::Message:
        if (e.words[0] != expected) {
          printf("FAIL stress: server: message %lu came where %lu was due\n", e.words[0], expected);
          return kLost;
        }
        ++expected;
        if (parked && expected == parked_until) {
          const uint64_t tally[4] = {expected};
          if (!ipc::reply(parked, kInfo, tally)) return kBroken;
          parked = ipc::kInvalidHandle;
        }
        e = ipc::port_wait(*port);
        break;
      case abi::EventKind::Call: {
        uint64_t sent = e.words[0];
        if (sent < expected || parked) {
          printf("FAIL stress: server: a tally of %lu after message %lu\n", sent, expected);
          return kLost;
        }
        // The message after which the tally is answered: never, for a
        // server that does not answer.
        uint64_t due = answers ? sent : ~0ull;
        if (due == expected) {
          const uint64_t tally[4] = {expected};
          e = ipc::reply_wait(*port, kInfo, tally);
          break;
        }
        auto reply = ipc::defer();
        if (!reply) return kBroken;
        parked = *reply;
        parked_until = due;
        e = ipc::port_wait(*port);
        break;
      }
      default:
        return kBroken;
    }
  }
}

int run_client(ipc::Handle end, uint64_t* rounds) {
  uint64_t sent = 0;
  for (;;) {
    for (uint64_t i = 0; i < kBurst; ++i, ++sent) {
      const uint64_t message[4] = {sent};
      Status s = ipc::channel_send(end, kInfo, message);
      if (!s) return s.error() == Error::PeerClosed ? 0 : kBroken;
    }
    const uint64_t tally[4] = {sent};
    ipc::Event reply = ipc::call(end, kInfo, tally);
    if (!reply.ok()) return reply.error() == Error::PeerClosed ? 0 : kBroken;
    if (reply.words[0] != sent) {
      printf("FAIL stress: client: the server tallied %lu of %lu messages\n", reply.words[0], sent);
      return kLost;
    }
    __atomic_store_n(rounds, *rounds + 1, __ATOMIC_RELAXED);
  }
}

}  // namespace stress
