// blktest's one-client checks: the device's shape, reading what the host
// wrote, writing what the host then reads, and every refusal.
#include <stdio.h>
#include <string.h>

#include "abi/error.h"
#include "blktest.h"
#include "ipc/syscall.h"

namespace blktest {

namespace {

using abi::Error;
constexpr uint32_t kBuffer = 128 * 1024;
// Where `rw` writes, with which seed (tests/qemu/blk_test.py checks these).
constexpr uint64_t kRwBlock = 1000;
constexpr uint32_t kRwSeed = 7;

bool opened(const char* test, const char* name, Device& device, uint32_t buffer = kBuffer) {
  Status s = Device::open(name, buffer, device);
  if (!s) printf("FAIL %s: open /dev/%s: %s\n", test, name, abi::error_name(s.error()));
  return s.ok();
}

int verdict(const char* test, bool ok, Device& device) {
  device.close();
  if (ok) printf("PASS %s\n", test);
  return ok ? 0 : 1;
}

}  // namespace

int test_info(const char* name) {
  Device d;
  if (!opened("info", name, d)) return 1;
  printf("blktest: %s: %lu blocks of %u bytes, %s, at most %u blocks a request\n", name, d.info.block_count,
         d.info.block_size, d.info.read_only ? "read-only" : "read-write", d.info.max_blocks);
  bool ok = check(d.info.block_size >= 512 && d.info.block_count > 0 && d.info.max_blocks > 0, "info", "empty shape");
  return verdict("info", ok, d);
}

// The whole disk, a request of maxBlocks at a time.
int test_pattern(const char* name, uint32_t seed) {
  Device d;
  if (!opened("pattern", name, d)) return 1;
  bool ok = true;
  for (uint64_t block = 0; ok && block < d.info.block_count; block += d.info.max_blocks) {
    uint32_t count =
        uint32_t(d.info.block_count - block < d.info.max_blocks ? d.info.block_count - block : d.info.max_blocks);
    Transport t(d.channel);
    ok = check_status(BlockDevice(t).read(block, count, 0), Error::Ok, "pattern", "read");
    uint32_t bad = ok ? first_mismatch(d.buffer, block, count, d.info.block_size, seed) : count;
    if (ok && bad != count) {
      printf("FAIL pattern: block %lu does not hold pattern %u\n", block + bad, seed);
      ok = false;
    }
  }
  return verdict("pattern", ok, d);
}

// Writes the first block, a largest request at kRwBlock and the last
// block, flushes, and reads all three back into other buffer bytes.
int test_rw(const char* name) {
  Device d;
  if (!opened("rw", name, d)) return 1;
  const uint32_t bs = d.info.block_size;
  const uint32_t most = d.info.max_blocks;
  struct Piece {
    uint64_t block;
    uint32_t count;
  } pieces[] = {{0, 1}, {kRwBlock, most}, {d.info.block_count - 1, 1}};
  bool ok = check(uint64_t{most} * bs * 2 <= kBuffer && kRwBlock + most < d.info.block_count, "rw", "disk too small");
  Transport t(d.channel);
  BlockDevice disk(t);
  for (const Piece& p : pieces) {
    if (!ok) break;
    fill(d.buffer, p.block, p.count, bs, kRwSeed);
    ok = check_status(disk.write(p.block, p.count, 0), Error::Ok, "rw", "write");
  }
  ok = ok && check_status(disk.flush(), Error::Ok, "rw", "flush");
  for (const Piece& p : pieces) {
    if (!ok) break;
    uint32_t half = kBuffer / 2;
    memset(d.buffer + half, 0, p.count * bs);
    ok = check_status(disk.read(p.block, p.count, half), Error::Ok, "rw", "read back") &&
         check(first_mismatch(d.buffer + half, p.block, p.count, bs, kRwSeed) == p.count, "rw",
               "read back other bytes than written");
  }
  if (ok)
    printf("blktest: wrote pattern %u at blocks 0, %lu+%u, %lu\n", kRwSeed, kRwBlock, most, d.info.block_count - 1);
  return verdict("rw", ok, d);
}

// Every refusal idl/block.capnp lists, each followed by a request that
// works: a refused request never wedges the queue.
int test_errors(const char* name) {
  Device d;
  if (!opened("errors", name, d)) return 1;
  Transport t(d.channel);
  BlockDevice disk(t);
  const uint64_t n = d.info.block_count;
  struct Case {
    const char* what;
    uint64_t lba;
    uint32_t count;
    uint32_t offset;
    Error expected;
  } cases[] = {
      {"a read past the end", n, 1, 0, Error::OutOfRange},
      {"a read across the end", n - 1, 2, 0, Error::OutOfRange},
      {"a read at a huge block", ~0ull - 1, 2, 0, Error::OutOfRange},
      {"a read of no blocks", 0, 0, 0, Error::InvalidArgument},
      {"a read over maxBlocks", 0, d.info.max_blocks + 1, 0, Error::InvalidArgument},
      {"a read past the buffer", 0, 1, kBuffer - d.info.block_size + 1, Error::OutOfRange},
      {"a read at a huge offset", 0, 1, ~0u, Error::OutOfRange},
  };
  bool ok = true;
  for (const Case& c : cases) {
    ok = ok && check_status(disk.read(c.lba, c.count, c.offset), c.expected, "errors", c.what) &&
         check_status(disk.read(n - 1, 1, 0), Error::Ok, "errors", "a read after a refused one");
  }
  ok = ok && check_status(disk.write(n, 1, 0), Error::OutOfRange, "errors", "a write past the end") &&
       check_status(disk.write(n - 1, 1, 0), Error::Ok, "errors", "a write of the last block");
  // A second open that shares no buffer: every transfer is refused.
  Device bare;
  ok = ok && opened("errors", name, bare, 0);
  if (ok) {
    Transport bt(bare.channel);
    ok = check_status(BlockDevice(bt).read(0, 1, 0), Error::InvalidArgument, "errors", "a read without a buffer") &&
         check_status(BlockDevice(bt).write(0, 1, 0), Error::InvalidArgument, "errors", "a write without a buffer");
  }
  bare.close();
  ok = ok && check_added_buffers(d, "errors");
  return verdict("errors", ok, d);
}

int test_readonly(const char* name) {
  Device d;
  if (!opened("readonly", name, d)) return 1;
  Transport t(d.channel);
  BlockDevice disk(t);
  bool ok = check(d.info.read_only, "readonly", "the disk does not say it is read-only") &&
            check_status(disk.write(0, 1, 0), Error::ReadOnly, "readonly", "a write") &&
            check_status(disk.write(d.info.block_count, 1, 0), Error::ReadOnly, "readonly", "a write past the end") &&
            check_status(disk.read(0, d.info.max_blocks, 0), Error::Ok, "readonly", "a read") &&
            check_status(disk.flush(), Error::Ok, "readonly", "a flush");
  return verdict("readonly", ok, d);
}

int test_ioerror(const char* name, uint64_t bad_block) {
  Device d;
  if (!opened("ioerror", name, d)) return 1;
  Transport t(d.channel);
  BlockDevice disk(t);
  bool ok = true;
  for (int round = 0; ok && round < 3; ++round) {
    ok = check_status(disk.read(bad_block, 1, 0), Error::IoError, "ioerror", "a read the device fails") &&
         check_status(disk.read(bad_block - 8, 8, 0), Error::Ok, "ioerror", "a read just before it") &&
         check_status(disk.read(bad_block + 1, 8, 0), Error::Ok, "ioerror", "a read just after it");
  }
  return verdict("ioerror", ok, d);
}

}  // namespace blktest
