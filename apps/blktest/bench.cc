// blktest bench: the raw device's cost for make bench (docs/benchmarks.md).
// blk_read_seq and blk_write_seq move 8 MiB through /dev/NAME in 64 KiB
// requests, kInFlight at a time (one thread each, on one channel), and
// report the instructions per KiB: every guest instruction the system
// runs meanwhile (client, kernel, driver) over the KiB moved. Each request
// is one IPC round trip to the driver. blk_write_flush_1MiB writes as
// fsbench's fat_write_seq_1MiB does, 1 MiB and then a flush, so the two
// compare like with like.
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
  uint32_t first_request = 0;  // where on the disk the pass starts, in requests
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
    uint64_t lba = uint64_t{pass->first_request + r} * blocks;
    Status s = pass->write ? disk.write(lba, blocks, offset) : disk.read(lba, blocks, offset);
    if (!s) __atomic_add_fetch(&pass->failures, 1, __ATOMIC_RELAXED);
  }
}

bool measure(const char* name, Device& d, bool write) {
  Pass warmup{&d, write, kWarmupBytes, 0};
  Pass pass{&d, write, kTotalBytes, 0};
  if (!run_in_threads(kInFlight, stream, &warmup, 60'000)) return false;
  Transport t(d.channel);
  uint32_t now = 0, most = 0, slots = 0;
  (void)BlockDevice(t).queue_stats(now, most, slots);  // counts again from here
  uint64_t start = sys::read_instret();
  bool ok = run_in_threads(kInFlight, stream, &pass, 600'000);
  uint64_t spent = sys::read_instret() - start;
  ok = ok && BlockDevice(t).queue_stats(now, most, slots).ok();
  if (!ok || warmup.failures || pass.failures) {
    printf("FAIL bench: %s: %u requests failed\n", name, warmup.failures + pass.failures);
    return false;
  }
  bench::report(name, spent / (kTotalBytes / 1024), "instructions_per_KiB");
  char extra[64];
  snprintf(extra, sizeof extra, "%s_ipc_roundtrips", name);
  bench::report(extra, 1, "count");  // per 64 KiB request
  // Measured: the most requests the device held at once during the pass.
  snprintf(extra, sizeof extra, "%s_in_flight", name);
  bench::report(extra, most, "count");
  return true;
}

// Like fat_write_seq_1MiB: each sample writes 1 MiB (16 requests, kInFlight
// at a time) and then flushes; the next sample writes the next MiB of the
// first 8. Median of kFlushRuns, per KiB; the flush alone is a figure too.
bool measure_with_flush(Device& d) {
  constexpr int kWarmups = 3, kFlushRuns = 12;
  constexpr uint32_t kMiB = 1024 * 1024;
  static uint64_t whole[kFlushRuns], flush[kFlushRuns];
  uint32_t failures = 0;
  for (int run = -kWarmups; run < kFlushRuns; ++run) {
    Pass pass{&d, true, kMiB, 0, uint32_t((run + kWarmups) % 8) * (kMiB / kRequestBytes)};
    uint64_t start = sys::read_instret();
    bool ok = run_in_threads(kInFlight, stream, &pass, 60'000);
    uint64_t written = sys::read_instret();
    Transport t(d.channel);
    if (!ok || pass.failures || !BlockDevice(t).flush()) ++failures;
    uint64_t end = sys::read_instret();
    if (run < 0) continue;
    whole[run] = end - start;
    flush[run] = end - written;
  }
  if (failures) {
    printf("FAIL bench: blk_write_flush_1MiB: %u samples failed\n", failures);
    return false;
  }
  bench::report("blk_write_flush_1MiB", bench::median(whole, kFlushRuns) / 1024, "instructions_per_KiB");
  bench::report("blk_write_flush_1MiB_ipc_roundtrips", kMiB / kRequestBytes + 1, "count");  // per MiB
  bench::report("blk_flush_after_1MiB", bench::median(flush, kFlushRuns), "instructions");
  bench::report("blk_flush_after_1MiB_ipc_roundtrips", 1, "count");
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
  ok = ok && measure("blk_write_seq", d, true) && measure("blk_read_seq", d, false) && measure_with_flush(d);
  d.close();
  printf("blktest: done\n");
  return ok ? 0 : 1;
}

}  // namespace blktest
