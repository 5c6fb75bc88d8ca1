// blktest parallel: many threads share one open of the device (one
// channel, one buffer) and each keeps a request outstanding all the time,
// more of them than the driver has queue slots, so requests are in flight
// together and others wait for a slot. Each thread writes its own blocks
// and reads them back; a thread that saw wrong bytes says which.
#include <stdio.h>
#include <string.h>

#include "abi/error.h"
#include "blktest.h"

namespace blktest {

namespace {

using abi::Error;
constexpr uint32_t kThreads = 32;  // more than the driver's 21 slots
constexpr uint32_t kRounds = 8;
constexpr uint32_t kBlocks = 32;  // per request
constexpr uint64_t kFirstBlock = 2000;
constexpr uint32_t kSlice = 2 * kBlocks * 512;  // a thread's buffer bytes: what it writes, what it reads

struct Shared {
  Device device;
  uint32_t failures = 0;
};

void run(uint32_t index, void* context) {
  auto* shared = static_cast<Shared*>(context);
  Device& d = shared->device;
  const uint32_t bs = d.info.block_size;
  uint8_t* out = d.buffer + index * kSlice;
  uint8_t* in = out + kSlice / 2;
  uint64_t block = kFirstBlock + index * kBlocks;
  Transport t(d.channel);
  BlockDevice disk(t);
  for (uint32_t round = 0; round < kRounds; ++round) {
    uint32_t seed = 100 + index * kRounds + round;
    fill(out, block, kBlocks, bs, seed);
    memset(in, 0, kBlocks * bs);
    Status wrote = disk.write(block, kBlocks, uint32_t(out - d.buffer));
    Status read = wrote ? disk.read(block, kBlocks, uint32_t(in - d.buffer)) : wrote;
    const char* wrong = !read ? abi::error_name(read.error())
                        : first_mismatch(in, block, kBlocks, bs, seed) != kBlocks
                            ? "read back other bytes than it wrote"
                            : nullptr;
    if (wrong) {
      printf("FAIL parallel: thread %u round %u: %s\n", index, round, wrong);
      __atomic_add_fetch(&shared->failures, 1, __ATOMIC_RELAXED);
      return;
    }
  }
}

}  // namespace

int test_parallel(const char* name) {
  static Shared shared;
  Status s = Device::open(name, kThreads * kSlice, shared.device);
  if (!check_status(s, Error::Ok, "parallel", "open")) return 1;
  Device& d = shared.device;
  if (!check(d.info.block_size == 512 && d.info.max_blocks >= kBlocks &&
                 d.info.block_count >= kFirstBlock + kThreads * kBlocks,
             "parallel", "needs a disk of 512-byte blocks and 3024 blocks or more")) {
    return 1;
  }
  Transport t(d.channel);
  uint32_t now = 0, most = 0, slots = 0;
  bool ok =
      check_status(BlockDevice(t).queue_stats(now, most, slots), Error::Ok, "parallel", "queueStats") &&
      check(run_in_threads(kThreads, run, &shared, 60'000), "parallel", "threads did not all finish in a minute") &&
      check(shared.failures == 0, "parallel", "threads failed") &&
      check_status(BlockDevice(t).queue_stats(now, most, slots), Error::Ok, "parallel", "queueStats");
  // The requests overlapped at the device, as many as its queue holds at
  // most, and none is left there.
  ok = ok && check(most >= 2 && most <= slots && now == 0, "parallel", "requests did not overlap at the device");
  if (ok) {
    printf("blktest: %u threads, %u rounds each, one channel, at most %u of %u slots in flight\n", kThreads, kRounds,
           most, slots);
  }
  d.close();
  if (ok) printf("PASS parallel\n");
  return ok ? 0 : 1;
}

}  // namespace blktest
