// blktest survive: the driver dies under load. Threads write and read back
// their own blocks, over and over, until a call fails; the QEMU test kills
// the driver (`kill blk0` at init's prompt, this program running in the
// background) once "I/O running" is printed. Every thread must then end
// with PeerClosed, the error of a server that died, never with wrong bytes
// read back or another error, and never hang: the driver's parked calls
// die with it.
#include <stdio.h>
#include <string.h>

#include "abi/error.h"
#include "blktest.h"

namespace blktest {

namespace {

using abi::Error;
constexpr uint32_t kThreads = 4;
constexpr uint32_t kBlocks = 32;
constexpr uint64_t kFirstBlock = 4000;
constexpr uint32_t kSlice = 2 * kBlocks * 512;
constexpr uint32_t kMostRounds = 1'000'000;  // far more than the test lets it run

struct Shared {
  Device device;
  uint32_t requests = 0;
  uint32_t wrong = 0;  // threads that ended other than by PeerClosed
};

void load(uint32_t index, void* context) {
  auto* shared = static_cast<Shared*>(context);
  Device& d = shared->device;
  uint8_t* out = d.buffer + index * kSlice;
  uint8_t* in = out + kSlice / 2;
  uint64_t block = kFirstBlock + index * kBlocks;
  Transport t(d.channel);
  BlockDevice disk(t);
  for (uint32_t round = 0; round < kMostRounds; ++round) {
    uint32_t seed = index * 64 + round % 64;
    fill(out, block, kBlocks, 512, seed);
    Status s = disk.write(block, kBlocks, uint32_t(out - d.buffer));
    if (s) s = disk.read(block, kBlocks, uint32_t(in - d.buffer));
    if (s && first_mismatch(in, block, kBlocks, 512, seed) != kBlocks) {
      printf("FAIL survive: thread %u read back other bytes than it wrote\n", index);
      __atomic_add_fetch(&shared->wrong, 1, __ATOMIC_RELAXED);
      return;
    }
    if (!s) {
      if (s.error() != Error::PeerClosed) {
        printf("FAIL survive: thread %u: %s, not PeerClosed\n", index, abi::error_name(s.error()));
        __atomic_add_fetch(&shared->wrong, 1, __ATOMIC_RELAXED);
      }
      return;
    }
    uint32_t done = __atomic_add_fetch(&shared->requests, 2, __ATOMIC_RELAXED);
    if (done == 2 * kThreads * 4) printf("blktest: survive: I/O running\n");  // every thread under way
  }
  printf("FAIL survive: thread %u: the driver never went away\n", index);
  __atomic_add_fetch(&shared->wrong, 1, __ATOMIC_RELAXED);
}

}  // namespace

int test_survive(const char* name) {
  static Shared shared;
  if (!check_status(Device::open(name, kThreads * kSlice, shared.device), Error::Ok, "survive", "open")) return 1;
  bool ok = check(shared.device.info.block_size == 512, "survive", "needs 512-byte blocks") &&
            check(run_in_threads(kThreads, load, &shared, 120'000), "survive", "threads hung") && shared.wrong == 0;
  printf("blktest: survive: %u requests done before the driver died\n", shared.requests);
  shared.device.close();
  if (ok) printf("PASS survive\n");
  return ok ? 0 : 1;
}

}  // namespace blktest
