// The host stand-in for libipc's serving_threads.h (see ipc.h here): one
// thread, so the lock is a flag the tests can see (fake_locked()).
#pragma once

#include <cstdint>

#include "result.h"

namespace ipc {

inline bool& fake_locked() {
  static bool locked = false;
  return locked;
}

class ServingThreads {
 public:
  using Loop = void (*)(void* server);
  ServingThreads(Loop loop, void* server) : loop_(loop), server_(server) {}
  void run() { loop_(server_); }
  void woke() { fake_locked() = true; }
  bool about_to_wait() {
    fake_locked() = false;
    return true;  // the one thread waits on the port
  }
  void idle() {}
  Status leave() {
    fake_locked() = false;
    return {};
  }
  void enter() { fake_locked() = true; }

 private:
  Loop loop_;
  void* server_;
};

}  // namespace ipc
