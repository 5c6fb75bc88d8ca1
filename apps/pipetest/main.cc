// pipetest: pipes through the running system (servers/pipe, /dev/pipe),
// checked from user mode. Run from init's console in the full system; each
// subcommand prints "PASS <name>" or "FAIL <name>: why".
//   order     bytes keep their order across many writes of every size
//   mib       1 MiB through a pipe in 64 KiB bulk writes and reads
//   atomic    writes of PIPE_BUF bytes from several threads never interleave
//   eof       a waiting reader sees end of file when the last writer closes
//   epipe     PeerClosed once the last reader closes, also for a waiting writer
//   killed    a reader, then a writer, killed while it waits is dropped;
//             the pipe goes on without it
//   nonblock  O_NONBLOCK ends: ShouldWait instead of waiting
//   malformed malformed requests and ones an end cannot serve get errors
//   bench     pipe_throughput and pipe_pingpong_roundtrip (make bench)
#include <stdio.h>
#include <string.h>

#include "abi/syscall.h"
#include "checks.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "tessera/pipe.h"

namespace pipetest {

bool make(Ends& ends, const char* test, uint32_t flags) {
  auto handles = ipc::startup_handles();
  if (!check(!handles.empty(), test, "no Vfs session (run me from init's prompt)")) return false;
  return check_status(tessera::make_pipe(handles[0], ends.read, ends.write, flags), Error::Ok, test, "make_pipe");
}

ipc::Handle clone(ipc::Handle end) {
  Transport t(end);
  ipc::Handle copy = ipc::kInvalidHandle;
  return File(t).clone(copy).ok() ? copy : ipc::kInvalidHandle;
}

bool share(ipc::Handle file, uint32_t size, Shared& shared, const char* test) {
  int64_t buffer = sys::membuf_create(size);
  if (!check(!sys::failed(buffer), test, "membuf_create")) return false;
  int64_t address = sys::membuf_map(uint32_t(buffer), 0, 0, size, abi::kProtRead | abi::kProtWrite);
  if (!check(!sys::failed(address), test, "membuf_map")) return false;
  shared = Shared{reinterpret_cast<uint8_t*>(address), size};
  Transport t(file);
  return check_status(File(t).set_buffer(ipc::Handle(buffer), size), Error::Ok, test, "setBuffer");
}

Status write_all(ipc::Handle file, const Shared& shared, const uint8_t* data, uint32_t size, uint32_t chunk) {
  Transport t(file);
  File f(t, shared.size);
  for (uint32_t at = 0; at < size;) {
    uint32_t n = size - at < chunk ? size - at : chunk;
    memcpy(shared.bytes, data + at, n);
    uint32_t count = 0;
    TRY(f.write_bulk(0, idl::Bulk{0, n}, count));
    if (count != n) return Error::BadState;  // a blocking write finishes whole
    at += n;
  }
  return {};
}

bool Thread::start(void (*entry)(void*), void* argument) {
  auto pair = ipc::channel_create();
  if (!pair) return false;
  entry_ = entry;
  argument_ = argument;
  done_send_ = pair->a;
  done_recv_ = pair->b;
  return ipc::start_thread(run, this).ok();
}

void Thread::run(void* self) {
  auto* t = static_cast<Thread*>(self);
  t->entry_(t->argument_);
  const uint64_t words[4] = {};
  (void)ipc::channel_send(t->done_send_, abi::make_info(0, 0), words);
}

bool Thread::join(uint64_t ms) {
  ipc::Event e = ipc::channel_recv(done_recv_, ipc::deadline_in_ms(ms));
  (void)ipc::close(done_send_);
  (void)ipc::close(done_recv_);
  return e.ok();
}

bool still_clear(const bool& flag, uint64_t ms) {
  sys::sleep_until(ipc::deadline_in_ms(ms));
  return !__atomic_load_n(&flag, __ATOMIC_ACQUIRE);
}

void set(bool& flag) { __atomic_store_n(&flag, true, __ATOMIC_RELEASE); }

bool check(bool ok, const char* test, const char* why) {
  if (!ok) printf("FAIL %s: %s\n", test, why);
  return ok;
}

bool check_status(Status got, Error expected, const char* test, const char* what) {
  if (got.error() == expected) return true;
  printf("FAIL %s: %s returned %s, expected %s\n", test, what, abi::error_name(got.error()), abi::error_name(expected));
  return false;
}

}  // namespace pipetest

int main(int argc, char** argv) {
  struct Command {
    const char* name;
    int (*run)();
  };
  const Command commands[] = {
      {"order", pipetest::test_order},          {"mib", pipetest::test_mib},
      {"atomic", pipetest::test_atomic},        {"eof", pipetest::test_eof},
      {"epipe", pipetest::test_epipe},          {"killed", pipetest::test_killed},
      {"child-reader", pipetest::child_reader}, {"child-writer", pipetest::child_writer},
      {"nonblock", pipetest::test_nonblock},    {"malformed", pipetest::test_malformed},
  };
  if (argc >= 2 && strcmp(argv[1], "bench") == 0) return pipetest::run_bench(argc, argv);
  if (argc < 2) {
    printf("usage: pipetest CHECK... | pipetest bench [--icount]\n");
    return 2;
  }
  for (int i = 1; i < argc; ++i) {
    const Command* found = nullptr;
    for (const auto& c : commands) {
      if (strcmp(argv[i], c.name) == 0) found = &c;
    }
    if (!found) {
      printf("pipetest: no check %s\n", argv[i]);
      return 2;
    }
    if (found->run() != 0) return 1;
  }
  return 0;
}
