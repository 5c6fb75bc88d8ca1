// blktest abandon: callers that stop waiting. 32 threads on one channel
// each make calls with deadlines so short that most time out while their
// request is in flight or still waits for a slot; then a malformed
// request; then a client that closes its channel while 32 threads have
// requests on it. Afterwards the driver must serve every block as before: no
// slot stays taken by a request nobody waits for, and the device never
// writes into a bounce area that was handed to another request.
#include <stdio.h>
#include <string.h>

#include "abi/error.h"
#include "blktest.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "wire.idl.h"

namespace blktest {

namespace {

using abi::Error;
constexpr uint32_t kThreads = 32;
constexpr uint32_t kCalls = 16;    // per thread
constexpr uint32_t kBlocks = 128;  // 64 KiB: the device takes a while
constexpr uint32_t kWrittenSeed = 11;

struct Shared {
  Device device;
  uint32_t timed_out = 0;
  uint32_t failures = 0;
};

void impatient(uint32_t index, void* context) {
  auto* shared = static_cast<Shared*>(context);
  Device& d = shared->device;
  for (uint32_t i = 0; i < kCalls; ++i) {
    // From 20 µs (enough to send the call, not to see it done) to 3 ms
    // (enough, unless many wait before it).
    static constexpr uint64_t kMicroseconds[] = {20, 300, 1000, 3000};
    uint64_t patience = ipc::ticks_per_second() * kMicroseconds[(index + i) % 4] / 1'000'000;
    Transport t(d.channel, sys::read_time() + patience);
    uint64_t block = uint64_t(index % 8) * kBlocks;
    Status s = i % 2 ? BlockDevice(t).write(block, kBlocks, 0) : BlockDevice(t).read(block, kBlocks, 65536);
    if (!s && s.error() == Error::TimedOut)
      __atomic_add_fetch(&shared->timed_out, 1, __ATOMIC_RELAXED);
    else if (!s)
      __atomic_add_fetch(&shared->failures, 1, __ATOMIC_RELAXED);
  }
}

// A request with an ordinal BlockDevice does not have: an error answer.
bool malformed(Device& d) {
  ipc::Message& m = ipc::buffer();
  m.bytes = 8;
  m.handle_count = 0;
  uint64_t header = idl::wire::request_header(77, idl::block::kBlockDeviceInterfaceId);
  memcpy(m.data, &header, sizeof header);
  Status s = ipc::call(d.channel, m, sys::read_time() + ipc::ticks_from_ms(5000));
  int32_t status = 0;  // an error reply: {ordinal, flags, status}
  if (s.ok() && m.bytes >= 8) memcpy(&status, m.data + 4, sizeof status);
  bool answered = s.ok() && status != 0;
  return check(answered, "abandon", "a request with an unknown ordinal got no error answer");
}

// A second open of the device, closed while threads read on it: thread 0
// closes it once the first reader is under way, the others read until
// their channel is gone.
struct Closing {
  Device device;
  ipc::ChannelPair running;  // a reader tells the closer: requests are in flight
  uint32_t started = 0;
  uint32_t failures = 0;
};

void close_or_read(uint32_t index, void* context) {
  auto* closing = static_cast<Closing*>(context);
  Device& d = closing->device;
  if (index == 0) {
    ipc::Event e = ipc::channel_recv(closing->running.b, sys::read_time() + ipc::ticks_from_ms(30'000));
    if (!e.ok()) __atomic_add_fetch(&closing->failures, 1, __ATOMIC_RELAXED);
    (void)ipc::close(d.channel);
    return;
  }
  Transport t(d.channel, sys::read_time() + ipc::ticks_from_ms(30'000));
  for (uint32_t i = 0; i < 100'000; ++i) {
    if (i == 2 && __atomic_add_fetch(&closing->started, 1, __ATOMIC_RELAXED) == 1) {
      const uint64_t words[4] = {};
      (void)ipc::channel_send(closing->running.a, 0, words);
    }
    Status s = BlockDevice(t).read(uint64_t(index % 8) * kBlocks, kBlocks, 0);
    if (s) continue;
    // The channel went away under the call, or before it.
    if (s.error() != Error::PeerClosed && s.error() != Error::BadHandle) {
      printf("FAIL abandon: a read on a closing channel: %s\n", abi::error_name(s.error()));
      __atomic_add_fetch(&closing->failures, 1, __ATOMIC_RELAXED);
    }
    return;
  }
  printf("FAIL abandon: thread %u: its channel was never closed\n", index);
  __atomic_add_fetch(&closing->failures, 1, __ATOMIC_RELAXED);
}

bool close_under_readers(const char* name) {
  static Closing closing;
  auto running = ipc::channel_create();
  if (!check(running.ok(), "abandon", "channel_create") ||
      !check_status(Device::open(name, 128 * 1024, closing.device), Error::Ok, "abandon", "a second open")) {
    return false;
  }
  closing.running = *running;
  bool ok = check(run_in_threads(kThreads + 1, close_or_read, &closing, 60'000), "abandon",
                  "threads on a closed channel did not finish") &&
            check(closing.failures == 0, "abandon", "a channel closed under reads");
  closing.device.channel = ipc::kInvalidHandle;  // closed already
  closing.device.close();
  (void)ipc::close(running->a);
  (void)ipc::close(running->b);
  return ok;
}

}  // namespace

int test_abandon(const char* name) {
  static Shared shared;
  Device& d = shared.device;
  if (!check_status(Device::open(name, 128 * 1024, d), Error::Ok, "abandon", "open")) return 1;
  fill(d.buffer, 0, kBlocks, d.info.block_size, kWrittenSeed);
  // Every thread writes the same bytes to its blocks: whatever lands is known.
  bool ok = check(d.info.block_size == 512 && d.info.max_blocks >= kBlocks, "abandon", "needs 512-byte blocks") &&
            check(run_in_threads(kThreads, impatient, &shared, 60'000), "abandon", "threads did not finish") &&
            check(shared.failures == 0, "abandon", "calls failed other than by timing out") && malformed(d);
  printf("blktest: %u of %u calls gave up waiting\n", shared.timed_out, kThreads * kCalls);
  ok = ok && close_under_readers(name);
  // Every slot must come free: more requests than slots, each answered.
  Transport t(d.channel, sys::read_time() + ipc::ticks_from_ms(30'000));
  BlockDevice disk(t);
  for (uint32_t i = 0; ok && i < 64; ++i) {
    ok = check_status(disk.write(8 * kBlocks + i, 1, 0), Error::Ok, "abandon", "a write after the give-ups");
  }
  memset(d.buffer + 65536, 0, 512);
  ok = ok && check_status(disk.read(8 * kBlocks + 63, 1, 65536), Error::Ok, "abandon", "a read back") &&
       check(memcmp(d.buffer + 65536, d.buffer, 512) == 0, "abandon", "read back other bytes than written");
  d.close();
  if (ok) printf("PASS abandon\n");
  return ok ? 0 : 1;
}

}  // namespace blktest
