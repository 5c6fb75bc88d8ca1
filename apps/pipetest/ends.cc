// pipetest eof, epipe, killed, nonblock: what the ends see when the other
// end's references go, and without blocking.
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "ipc/open_flags.h"
#include "ipc/process.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"
#include "ipc/time.h"

namespace pipetest {

namespace {

// Long enough for a call to reach the server and be parked; the checks
// that use it hold either way, it only makes the waiting path the one taken.
constexpr uint64_t kSettleMs = 50;

// A read or write made by a thread, so the test can act while it waits.
struct Blocked {
  ipc::Handle file;
  uint32_t size;
  Status status;
  uint32_t count;
  uint8_t bytes[16];
  bool done;
} blocked;

void read_in_thread(void*) {
  Transport t(blocked.file);
  idl::Data data;
  blocked.status = File(t).read(0, blocked.size, data);
  blocked.count = blocked.status.ok() ? data.size : 0;
  if (blocked.status.ok()) memcpy(blocked.bytes, data.data, data.size);
  set(blocked.done);
}

void write_in_thread(void*) {
  Transport t(blocked.file);
  blocked.status = File(t).write(0, idl::Data{blocked.bytes, blocked.size}, blocked.count);
  set(blocked.done);
}

bool start_blocked(Thread& thread, void (*entry)(void*), ipc::Handle file, uint32_t size, const char* test) {
  blocked.file = file;
  blocked.size = size;
  blocked.status = {};
  blocked.count = 0;
  blocked.done = false;
  return check(thread.start(entry, nullptr), test, "start a thread") &&
         check(still_clear(blocked.done, kSettleMs), test, "a call returned that should wait");
}

Status write_text(ipc::Handle file, const char* text, uint32_t& count) {
  Transport t(file);
  return File(t).write(0, idl::Data{reinterpret_cast<const uint8_t*>(text), uint32_t(strlen(text))}, count);
}

// Fills the pipe to its capacity with one bulk write.
bool fill(ipc::Handle file, const char* test) {
  static uint8_t zeros[kPipeCapacity];
  Shared shared;
  return share(file, kPipeCapacity, shared, test) &&
         check_status(write_all(file, shared, zeros, kPipeCapacity, kPipeCapacity), Error::Ok, test, "fill");
}

}  // namespace

int test_eof() {
  const char* kName = "eof";
  Ends ends;
  if (!make(ends, kName)) return 1;
  ipc::Handle second_writer = clone(ends.write);
  if (!check(second_writer != ipc::kInvalidHandle, kName, "clone the write end")) return 1;
  Thread reader;
  if (!start_blocked(reader, read_in_thread, ends.read, 16, kName)) return 1;
  (void)ipc::close(second_writer);
  if (!check(still_clear(blocked.done, kSettleMs), kName, "end of file while a writer is open")) return 1;
  uint32_t count = 0;
  if (!check_status(write_text(ends.write, "hi", count), Error::Ok, kName, "write")) return 1;
  if (!check(reader.join(2000), kName, "the waiting reader did not get the write")) return 1;
  if (!check_status(blocked.status, Error::Ok, kName, "the waiting read") ||
      !check(blocked.count == 2 && memcmp(blocked.bytes, "hi", 2) == 0, kName, "the waiting read got other bytes")) {
    return 1;
  }
  Thread second;
  if (!start_blocked(second, read_in_thread, ends.read, 16, kName)) return 1;
  (void)ipc::close(ends.write);  // the last writer
  if (!check(second.join(2000), kName, "the waiting reader did not see the last writer go")) return 1;
  Transport t(ends.read);
  File reading(t);
  idl::Data data;
  idl::fs::Stat stat;
  uint32_t written = 0;
  bool ok = check_status(blocked.status, Error::Ok, kName, "the read at end of file") &&
            check(blocked.count == 0, kName, "no end of file (0 bytes) for the waiting reader") &&
            check_status(reading.read(0, 16, data), Error::Ok, kName, "a read after end of file") &&
            check(data.size == 0, kName, "a later read is not at end of file") &&
            check_status(reading.stat(stat), Error::Ok, kName, "stat") &&
            check(stat.kind == idl::fs::NodeKind::Fifo, kName, "a pipe end is not a fifo") &&
            check_status(write_text(ends.read, "x", written), Error::AccessDenied, kName, "write on the read end");
  (void)ipc::close(ends.read);
  if (ok) printf("PASS %s\n", kName);
  return ok ? 0 : 1;
}

int test_epipe() {
  const char* kName = "epipe";
  Ends ends;
  // The pipe is full, so the write fails whether the server has seen the
  // close before it (at once) or after (it waits, then fails); a close is
  // an event the server may take after calls already waiting (docs/posix.md).
  if (!make(ends, kName) || !fill(ends.write, kName)) return 1;
  (void)ipc::close(ends.read);
  uint32_t count = 0;
  if (!check_status(write_text(ends.write, "x", count), Error::PeerClosed, kName, "write with no reader")) return 1;
  (void)ipc::close(ends.write);

  // A writer waiting on a full pipe gets PeerClosed when the last reader goes.
  if (!make(ends, kName)) return 1;
  ipc::Handle second_reader = clone(ends.read);
  if (!check(second_reader != ipc::kInvalidHandle, kName, "clone the read end") || !fill(ends.write, kName)) return 1;
  Thread writer;
  memcpy(blocked.bytes, "0123456789", 10);
  if (!start_blocked(writer, write_in_thread, ends.write, 10, kName)) return 1;
  (void)ipc::close(second_reader);
  if (!check(still_clear(blocked.done, kSettleMs), kName, "the write returned while a reader is open")) return 1;
  (void)ipc::close(ends.read);
  bool ok = check(writer.join(2000), kName, "the waiting writer did not see the last reader go") &&
            check_status(blocked.status, Error::PeerClosed, kName, "the waiting write");
  (void)ipc::close(ends.write);
  if (ok) printf("PASS %s\n", kName);
  return ok ? 0 : 1;
}

namespace {

// A child test_killed kills while it waits: it says it is about to call,
// then reads (or writes to a full pipe) its end, startup handle 0.
int child_blocked(bool writes) {
  auto handles = ipc::startup_handles();
  if (handles.size() != 2) return 2;
  const uint64_t words[4] = {};
  (void)ipc::channel_send(handles[1], abi::make_info(0, 0), words);
  Transport t(handles[0]);
  idl::Data data;
  uint32_t count = 0;
  static const uint8_t kBytes[10] = {'k', 'i', 'l', 'l', 'e', 'd', '!', '!', '!', '!'};
  Status s = writes ? File(t).write(0, idl::Data{kBytes, sizeof kBytes}, count) : File(t).read(0, 16, data);
  printf("FAIL killed: the child's call returned (%s)\n", abi::error_name(s.error()));
  return 1;
}

// Starts `pipetest <mode>` with end, lets it reach its call, kills it.
bool kill_blocked_child(const char* mode, ipc::Handle end, const char* test) {
  auto ready = ipc::channel_create();
  if (!check(end != ipc::kInvalidHandle && ready.ok(), test, "clone the end")) return false;
  const char* argv[] = {"pipetest", mode};
  const ipc::Handle handles[] = {end, ready->b};
  auto child = ipc::spawn(argv, handles);
  if (!check(child.ok(), test, "spawn the child")) return false;
  bool ok = check(ipc::channel_recv(ready->a, ipc::deadline_in_ms(2000)).ok(), test, "the child did not start");
  sys::sleep_until(ipc::deadline_in_ms(kSettleMs));  // into its call
  ok = ok && check(!sys::failed(sys::process_kill(*child)), test, "kill the child") &&
       check(ipc::wait(*child, ipc::deadline_in_ms(2000)) != int64_t(Error::TimedOut), test,
             "the killed child did not end");
  (void)ipc::close(*child);
  (void)ipc::close(ready->a);
  return ok;
}

}  // namespace

int child_reader() { return child_blocked(false); }
int child_writer() { return child_blocked(true); }

int test_killed() {
  const char* kName = "killed";
  // A reader killed while it waits.
  Ends ends;
  if (!make(ends, kName) || !kill_blocked_child("child-reader", clone(ends.read), kName)) return 1;
  // Nothing goes to the dead reader: these bytes are all still there.
  uint32_t count = 0;
  Transport t(ends.read);
  idl::Data data;
  bool ok = check_status(write_text(ends.write, "abc", count), Error::Ok, kName, "write") &&
            check_status(File(t).read(0, 16, data), Error::Ok, kName, "read") &&
            check(data.size == 3 && memcmp(data.data, "abc", 3) == 0, kName, "bytes went to the killed reader");
  // Its reference went with it: ours was the last (full, as in epipe).
  ok = ok && fill(ends.write, kName);
  (void)ipc::close(ends.read);
  ok = ok && check_status(write_text(ends.write, "x", count), Error::PeerClosed, kName, "write with no reader left");
  (void)ipc::close(ends.write);
  if (!ok) return 1;

  // A writer killed while it waits on a full pipe: its bytes never go in,
  // and its reference goes, so once ours closes the reader sees end of file.
  if (!make(ends, kName) || !fill(ends.write, kName) || !kill_blocked_child("child-writer", clone(ends.write), kName)) {
    return 1;
  }
  (void)ipc::close(ends.write);
  Transport rt(ends.read);
  File reading(rt);
  uint32_t total = 0;
  for (;;) {
    if (!check_status(reading.read(0, 3072, data), Error::Ok, kName, "drain")) return 1;
    if (data.size == 0) break;
    total += data.size;
  }
  ok = check(total == kPipeCapacity, kName, "the killed writer's bytes went in");
  (void)ipc::close(ends.read);
  if (ok) printf("PASS %s\n", kName);
  return ok ? 0 : 1;
}

int test_nonblock() {
  const char* kName = "nonblock";
  Ends ends;
  if (!make(ends, kName, ipc::open_flags::kNonBlock)) return 1;
  Transport rt(ends.read);
  File reading(rt);
  idl::Data data;
  uint32_t count = 0;
  static uint8_t zeros[kPipeCapacity];
  Shared shared;
  bool ok = check_status(reading.read(0, 16, data), Error::ShouldWait, kName, "read of an empty pipe") &&
            share(ends.write, kPipeCapacity, shared, kName) &&
            check_status(write_all(ends.write, shared, zeros, kPipeCapacity, kPipeCapacity), Error::Ok, kName,
                         "a write that fills the pipe") &&
            check_status(write_text(ends.write, "x", count), Error::ShouldWait, kName, "write to a full pipe") &&
            check_status(reading.read(0, 10, data), Error::Ok, kName, "read 10") &&
            // Up to PIPE_BUF a write goes in whole or not at all.
            check_status(write_text(ends.write, "0123456789a", count), Error::ShouldWait, kName, "write 11 in 10") &&
            check_status(write_text(ends.write, "0123456789", count), Error::Ok, kName, "write 10 in 10") &&
            check(count == 10, kName, "a short write");
  // Over PIPE_BUF it takes what fits.
  Transport wt(ends.write);
  File writing(wt, kPipeCapacity);
  ok = ok && check_status(reading.read(0, 100, data), Error::Ok, kName, "read 100") &&
       check_status(writing.write_bulk(0, idl::Bulk{0, kAtomicWrite + 1}, count), Error::Ok, kName,
                    "a long write to a nearly full pipe") &&
       check(count == 100, kName, "a long nonblocking write did not take what fitted");
  (void)ipc::close(ends.write);
  uint32_t drained = 0;
  while (ok) {
    Status s = reading.read(0, 3072, data);
    ok = check_status(s, Error::Ok, kName, "drain");
    if (!ok || data.size == 0) break;
    drained += data.size;
  }
  ok = ok && check(drained == kPipeCapacity, kName, "the pipe did not hold what was written");
  (void)ipc::close(ends.read);
  if (ok) printf("PASS %s\n", kName);
  return ok ? 0 : 1;
}

}  // namespace pipetest
