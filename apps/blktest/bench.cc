// blktest bench: the raw device's cost for make bench (docs/benchmarks.md).
// blk_read_seq and blk_write_seq move 8 MiB through /dev/NAME in 64 KiB
// requests, kInFlight at a time (one thread each, on one channel), and
// report the instructions per KiB: every guest instruction the system
// runs meanwhile (client, kernel, driver) over the KiB moved. Each request
// is one IPC round trip to the driver.
#include <stdio.h>
#include <string.h>

#include "../ipcbench/measure.h"
#include "abi/error.h"
#include "blktest.h"

namespace blktest {

namespace {

constexpr uint32_t kInFlight = 4;
constexpr uint32_t kRequestBytes = 64 * 1024;
constexpr uint32_t kTotalBytes = 8 * 1024 * 1024;
constexpr uint32_t kWarmupBytes = 1024 * 1024;

struct Pass {
  Device* device;
  bool write;
  uint32_t bytes;
  uint32_t failures;
};

// Thread `index` moves requests index, index + kInFlight, ... in order.
void stream(uint32_t index, void* context) {
  auto* pass = static_cast<Pass*>(context);
  Device& d = *pass->device;
  uint32_t blocks = kRequestBytes / d.info.block_size;
  Transport t(d.channel);
  BlockDevice disk(t);
  for (uint32_t r = index; r < pass->bytes / kRequestBytes; r += kInFlight) {
    uint32_t offset = index * kRequestBytes;
    Status s = pass->write ? disk.write(uint64_t{r} * blocks, blocks, offset)
                           : disk.read(uint64_t{r} * blocks, blocks, offset);
    if (!s) __atomic_add_fetch(&pass->failures, 1, __ATOMIC_RELAXED);
  }
}

bool measure(const char* name, Device& d, bool write) {
  Pass warmup{&d, write, kWarmupBytes, 0};
  Pass pass{&d, write, kTotalBytes, 0};
  if (!run_in_threads(kInFlight, stream, &warmup, 60'000)) return false;
  uint64_t start = sys::read_instret();
  bool ok = run_in_threads(kInFlight, stream, &pass, 600'000);
  uint64_t spent = sys::read_instret() - start;
  if (!ok || warmup.failures || pass.failures) {
    printf("FAIL bench: %s: %u requests failed\n", name, warmup.failures + pass.failures);
    return false;
  }
  bench::report(name, spent / (kTotalBytes / 1024), "instructions_per_KiB");
  char extra[64];
  snprintf(extra, sizeof extra, "%s_ipc_roundtrips", name);
  bench::report(extra, 1, "count");  // per 64 KiB request
  snprintf(extra, sizeof extra, "%s_in_flight", name);
  bench::report(extra, kInFlight, "count");
  return true;
}

}  // namespace

int bench(const char* name, int argc, char** argv) {
  printf("blktest: start\n");
  bench::say_what_figures_count("blktest", argc, argv);
  Device d;
  Status s = Device::open(name, kInFlight * kRequestBytes, d);
  bool ok = check_status(s, abi::Error::Ok, "bench", "open") &&
            check(d.info.max_blocks * d.info.block_size >= kRequestBytes &&
                      d.info.block_count * d.info.block_size >= kTotalBytes,
                  "bench", "needs 64 KiB requests and an 8 MiB disk");
  if (ok) memset(d.buffer, 0x5a, d.buffer_size);
  ok = ok && measure("blk_write_seq", d, true) && measure("blk_read_seq", d, false);
  d.close();
  printf("blktest: done\n");
  return ok ? 0 : 1;
}

}  // namespace blktest
