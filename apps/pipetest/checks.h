// pipetest's shared helpers: pipes made through the running system
// (tessera::make_pipe), File clients on their ends, threads that can be
// joined, and the PASS/FAIL reporting the QEMU tests read.
#pragma once

#include <cstdint>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/transport.h"
#include "result.h"

namespace pipetest {

using Transport = ipc::ChannelTransport;
using File = idl::fs::FileClient<Transport>;

constexpr uint32_t kPipeCapacity = 64 * 1024;  // what the pipe server guarantees
constexpr uint32_t kAtomicWrite = 4096;        // PIPE_BUF

struct Ends {
  ipc::Handle read = ipc::kInvalidHandle;
  ipc::Handle write = ipc::kInvalidHandle;
};

// A new pipe (flags: 0 or O_NONBLOCK); on failure prints FAIL test.
bool make(Ends& ends, const char* test, uint32_t flags = 0);
ipc::Handle clone(ipc::Handle end);

// A membuf of `size` bytes mapped here and shared with file (setBuffer).
struct Shared {
  uint8_t* bytes = nullptr;
  uint32_t size = 0;
};
bool share(ipc::Handle file, uint32_t size, Shared& shared, const char* test);

// Writes all of data through the shared buffer, in writes of `chunk`.
Status write_all(ipc::Handle file, const Shared& shared, const uint8_t* data, uint32_t size, uint32_t chunk);

// A thread whose end the starter can wait for.
class Thread {
 public:
  bool start(void (*entry)(void*), void* argument);
  // True if the thread ended within ms.
  bool join(uint64_t ms);

 private:
  static void run(void* self);
  void (*entry_)(void*) = nullptr;
  void* argument_ = nullptr;
  ipc::Handle done_send_ = ipc::kInvalidHandle;
  ipc::Handle done_recv_ = ipc::kInvalidHandle;
};

// Is the flag still clear after ms? (A call that must block has not
// returned.)
bool still_clear(const bool& flag, uint64_t ms);
void set(bool& flag);

bool check(bool ok, const char* test, const char* why);
bool check_status(Status got, Error expected, const char* test, const char* what);

int test_order();
int test_mib();
int test_atomic();
int test_eof();
int test_epipe();
int test_killed();
int child_reader();
int child_writer();
int test_nonblock();
int test_malformed();
int run_bench(int argc, char** argv);

}  // namespace pipetest
