// ipctest: IPC behaviour checked from user mode (handles and rights, peer
// death, queues, limits, handle transfer, load). Each test prints
// "PASS <name>" or "FAIL <name>: why" and returns the number of failures.
#pragma once

#include <stdio.h>

#include "abi/syscall.h"
#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ipc/time.h"

namespace ipctest {

// Records a failed expectation; true if it held.
inline bool expect(bool ok, const char* test, const char* what) {
  if (!ok) printf("FAIL %s: %s\n", test, what);
  return ok;
}

inline bool expect_error(int64_t result, abi::Error expected, const char* test, const char* what) {
  if (result == static_cast<int64_t>(expected)) return true;
  printf("FAIL %s: %s returned %ld, expected %s\n", test, what, long(result), abi::error_name(expected));
  return false;
}

// Closing handles the test is done with.
inline void drop(ipc::Handle h) { (void)ipc::close(h); }

inline int64_t code(Status s) { return static_cast<int64_t>(s.error()); }

inline uint64_t ms(uint64_t n) { return ipc::ticks_from_ms(n); }  // the timebase from auxv
inline uint64_t deadline_in(uint64_t ticks) { return sys::read_time() + ticks; }

int errors();
int peer_closed();
int queue_full();
int too_large();
int transfer();
int server_dies();
int timeouts();
int concurrent();
int many_calls();
int regressions();
int registers();
int deferred();
int long_messages();
int source_order();
int handle_moves();
// Roles run in child processes.
int serve_dirty(int argc, char** argv);
int spin_dirty(int argc, char** argv);
int serve_echo(int argc, char** argv);
int serve_and_die(int argc, char** argv);
int client(int argc, char** argv);
int serve_complement(int argc, char** argv);

}  // namespace ipctest
