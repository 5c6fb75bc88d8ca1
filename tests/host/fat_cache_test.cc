// Host tests of the block cache (servers/fatfs/block_cache.h) over a disk
// in memory that records every request: hits and LRU eviction in a fixed
// budget, write-back only on eviction and sync, read-ahead on sequential
// misses, and the order barriers impose on write-back.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "../../servers/fatfs/block_cache.h"

using namespace fatfs;

namespace {

struct Request {
  char kind;  // 'r', 'w' or 'f'
  uint64_t lba;
  uint32_t count;
};

class MemoryDevice final : public BlockDevice {
 public:
  explicit MemoryDevice(uint64_t blocks) : data_(blocks * 512) {}
  uint32_t block_size() const override { return 512; }
  uint64_t block_count() const override { return data_.size() / 512; }
  bool read_only() const override { return false; }
  uint32_t max_blocks() const override { return 8; }
  Status read(uint64_t lba, uint32_t count, uint8_t* out) override {
    if (lba + count > block_count()) return Error::OutOfRange;
    log.push_back({'r', lba, count});
    memcpy(out, &data_[lba * 512], count * 512);
    return {};
  }
  Status write(uint64_t lba, uint32_t count, const uint8_t* in) override {
    if (lba + count > block_count()) return Error::OutOfRange;
    if (fail) return Error::IoError;
    log.push_back({'w', lba, count});
    memcpy(&data_[lba * 512], in, count * 512);
    return {};
  }
  Status flush() override {
    log.push_back({'f', 0, 0});
    return {};
  }
  uint8_t byte(uint64_t lba) const { return data_[lba * 512]; }
  std::vector<uint64_t> written() const {
    std::vector<uint64_t> out;
    for (auto& r : log) {
      for (uint32_t i = 0; r.kind == 'w' && i < r.count; ++i) out.push_back(r.lba + i);
    }
    return out;
  }
  std::vector<Request> log;
  bool fail = false;

 private:
  std::vector<uint8_t> data_;
};

}  // namespace

TEST_CASE("a hit does not reach the disk; the budget holds that many blocks, LRU first out") {
  MemoryDevice disk(1000);
  BlockCache cache(disk, 16 * 512);
  REQUIRE(cache.init().ok());
  for (uint64_t lba : {100, 300, 500}) REQUIRE(cache.get(lba).ok());  // not sequential: no read-ahead
  CHECK(disk.log.size() == 3);
  REQUIRE(cache.get(300).ok());
  CHECK(disk.log.size() == 3);
  CHECK(cache.counters().hits == 1);
  // Sixteen more distinct blocks push out the least recently used.
  for (uint64_t i = 0; i < 15; ++i) REQUIRE(cache.get(600 + i * 10).ok());
  size_t before = disk.log.size();
  REQUIRE(cache.get(300).ok());  // touched late: still there
  CHECK(disk.log.size() == before);
  REQUIRE(cache.get(100).ok());  // the oldest: gone
  CHECK(disk.log.size() == before + 1);
}

TEST_CASE("writes stay in the cache until eviction or sync") {
  MemoryDevice disk(1000);
  BlockCache cache(disk, 16 * 512);
  REQUIRE(cache.init().ok());
  auto p = cache.modify(7);
  REQUIRE(p.ok());
  (*p)[0] = 0xAB;
  CHECK(disk.written().empty());
  CHECK(disk.byte(7) == 0);
  REQUIRE(cache.sync().ok());
  CHECK(disk.byte(7) == 0xAB);
  CHECK(disk.log.back().kind == 'f');
  // With nothing dirty, a sync (the timer's every few seconds) is free.
  size_t requests = disk.log.size();
  REQUIRE(cache.sync().ok());
  CHECK(disk.log.size() == requests);
  // Evicting a dirty block writes it.
  auto q = cache.modify(9);
  REQUIRE(q.ok());
  (*q)[0] = 0xCD;
  for (uint64_t i = 0; i < 20; ++i) REQUIRE(cache.get(200 + i * 10).ok());
  CHECK(disk.byte(9) == 0xCD);
  // A failed write-back keeps the block dirty: the next sync tries again.
  auto r = cache.overwrite(11);
  REQUIRE(r.ok());
  memset(*r, 0xEE, 512);
  disk.fail = true;
  CHECK(cache.sync().error() == Error::IoError);
  disk.fail = false;
  REQUIRE(cache.sync().ok());
  CHECK(disk.byte(11) == 0xEE);
}

TEST_CASE("sequential misses read ahead in one request; random ones do not") {
  MemoryDevice disk(1000);
  BlockCache cache(disk, 64 * 512);
  REQUIRE(cache.init().ok());
  REQUIRE(cache.get(50).ok());
  REQUIRE(cache.get(51).ok());  // the second sequential miss reads ahead
  REQUIRE(disk.log.size() == 2);
  CHECK(disk.log[1].count == 8);  // the device's max_blocks
  for (uint64_t lba = 52; lba < 59; ++lba) REQUIRE(cache.get(lba).ok());
  CHECK(disk.log.size() == 2);
  REQUIRE(cache.get(59).ok());
  CHECK(disk.log.size() == 3);
  for (uint64_t lba : {400, 123, 777}) REQUIRE(cache.get(lba).ok());
  for (size_t i = 3; i < disk.log.size(); ++i) CHECK(disk.log[i].count == 1);
}

TEST_CASE("write-back follows barriers, across evictions and re-dirtied blocks") {
  MemoryDevice disk(1000);
  BlockCache cache(disk, 16 * 512);
  REQUIRE(cache.init().ok());
  // "FAT" (block 5) then "directory" (block 2): the directory must not be
  // written first, though its number is lower.
  REQUIRE(cache.modify(5).ok());
  cache.barrier();
  REQUIRE(cache.modify(2).ok());
  REQUIRE(cache.sync().ok());
  CHECK(disk.written() == std::vector<uint64_t>{5, 2});
  // Between epochs the disk is flushed, so its own cache keeps the order.
  std::string kinds;
  for (auto& r : disk.log) kinds += r.kind;
  CHECK(kinds == "rrwfwf");

  // Removal: directory (3) before freeing in the FAT (4); the FAT block was
  // already dirty from before, so changing it after the barrier writes the
  // older epoch first instead of letting the free overtake the directory.
  disk.log.clear();
  REQUIRE(cache.modify(4).ok());
  cache.barrier();
  REQUIRE(cache.modify(3).ok());
  cache.barrier();
  REQUIRE(cache.modify(4).ok());
  CHECK(disk.written() == std::vector<uint64_t>{4, 3});
  REQUIRE(cache.sync().ok());
  CHECK(disk.written() == std::vector<uint64_t>{4, 3, 4});

  // Evicting a late block writes the earlier epochs first.
  disk.log.clear();
  REQUIRE(cache.modify(30).ok());
  cache.barrier();
  REQUIRE(cache.modify(20).ok());
  for (uint64_t i = 0; i < 15; ++i) REQUIRE(cache.get(100 + i * 10).ok());
  // 30 is the oldest: it goes first, alone; then 20 when its turn comes.
  std::vector<uint64_t> w = disk.written();
  REQUIRE(!w.empty());
  CHECK(w[0] == 30);
  REQUIRE(cache.sync().ok());
  w = disk.written();
  CHECK(w == std::vector<uint64_t>{30, 20});
}

TEST_CASE("adjacent dirty blocks of one epoch go in one request") {
  MemoryDevice disk(1000);
  BlockCache cache(disk, 32 * 512);
  REQUIRE(cache.init().ok());
  for (uint64_t lba = 10; lba < 14; ++lba) REQUIRE(cache.overwrite(lba).ok());
  REQUIRE(cache.sync().ok());
  REQUIRE(disk.log.size() == 2);
  CHECK(disk.log[0].kind == 'w');
  CHECK(disk.log[0].lba == 10);
  CHECK(disk.log[0].count == 4);
}

TEST_CASE("a block past the end of the disk is an error, not a crash") {
  MemoryDevice disk(10);
  BlockCache cache(disk, 16 * 512);
  REQUIRE(cache.init().ok());
  CHECK(cache.get(10).error() == Error::IoError);
  CHECK(cache.modify(1u << 30).error() == Error::IoError);
  CHECK(cache.get(9).ok());
}

TEST_CASE("long runs of file data go straight to and from the disk; cached copies stay right") {
  MemoryDevice disk(1000);
  BlockCache cache(disk, 64 * 512);
  REQUIRE(cache.init().ok());
  const uint32_t blocks = BlockCache::kDirectBytes / 512;
  std::vector<uint8_t> data(blocks * 512, 0x11);
  // A dirty cached copy of a block in the run is superseded, not written
  // later over the new data.
  auto stale = cache.modify(105);
  REQUIRE(stale.ok());
  memset(*stale, 0x99, 512);
  disk.log.clear();
  REQUIRE(cache.write_blocks(100, blocks, data.data()).ok());
  // In requests of the device's largest size (8 here), at once.
  REQUIRE(disk.log.size() == blocks / 8);
  for (auto& r : disk.log) CHECK((r.kind == 'w' && r.count == 8));
  REQUIRE(cache.sync().ok());
  CHECK(disk.byte(105) == 0x11);
  // A block changed in the cache is read from there, the rest from the disk
  // (without filling the cache).
  auto changed = cache.modify(110);
  REQUIRE(changed.ok());
  memset(*changed, 0x22, 512);
  std::vector<uint8_t> out(blocks * 512);
  uint64_t misses = cache.counters().misses;
  REQUIRE(cache.read_blocks(100, blocks, out.data()).ok());
  CHECK(out[10 * 512] == 0x22);
  CHECK(out[0] == 0x11);
  CHECK(out[(blocks - 1) * 512] == 0x11);
  CHECK(cache.counters().misses == misses);
  // Dirty blocks of an earlier epoch reach the disk (and a flush) before a
  // direct write: it must not overtake them.
  REQUIRE(cache.sync().ok());
  REQUIRE(cache.modify(3).ok());
  cache.barrier();
  disk.log.clear();
  REQUIRE(cache.write_blocks(300, blocks, data.data()).ok());
  REQUIRE(disk.log.size() >= 3);
  CHECK(disk.log[0].kind == 'w');
  CHECK(disk.log[0].lba == 3);
  CHECK(disk.log[1].kind == 'f');
  // A short run goes through the cache.
  disk.log.clear();
  REQUIRE(cache.write_blocks(500, 2, data.data()).ok());
  CHECK(disk.log.empty());
}

TEST_CASE("after a sync, direct writes cost no write-back pass and no flush") {
  MemoryDevice disk(1000);
  BlockCache cache(disk, 64 * 512);
  REQUIRE(cache.init().ok());
  const uint32_t blocks = BlockCache::kDirectBytes / 512;
  std::vector<uint8_t> data(blocks * 512, 0x33);
  REQUIRE(cache.modify(3).ok());
  cache.barrier();
  REQUIRE(cache.modify(4).ok());
  REQUIRE(cache.sync().ok());
  disk.log.clear();
  REQUIRE(cache.write_blocks(100, blocks, data.data()).ok());
  REQUIRE(cache.write_blocks(100 + blocks, blocks, data.data()).ok());
  for (auto& r : disk.log) CHECK(r.kind == 'w');
}

TEST_CASE("write-back writes exactly the dirty blocks, after drops, evictions and re-dirtying") {
  MemoryDevice disk(1000);
  BlockCache cache(disk, 16 * 512);
  REQUIRE(cache.init().ok());
  const uint32_t blocks = BlockCache::kDirectBytes / 512;
  std::vector<uint8_t> data(blocks * 512, 0x44);
  for (uint64_t lba : {5, 7, 200, 9}) REQUIRE(cache.modify(lba).ok());
  // 200 is superseded by a direct write (dropped, dirty); 7 dirtied again;
  // 5, the least recently used, evicted by reading 14 other blocks (13
  // slots are free), which writes it and the others of its epoch back.
  REQUIRE(cache.write_blocks(200, blocks, data.data()).ok());
  REQUIRE(cache.modify(7).ok());
  disk.log.clear();
  for (uint64_t lba = 600; lba < 628; lba += 2) REQUIRE(cache.get(lba).ok());
  REQUIRE(cache.modify(11).ok());
  std::vector<uint64_t> evicted = disk.written();
  CHECK(evicted == std::vector<uint64_t>{5, 7, 9});
  disk.log.clear();
  REQUIRE(cache.sync().ok());
  CHECK(disk.written() == std::vector<uint64_t>{11});
  // Nothing dirty: a sync makes no request at all.
  disk.log.clear();
  REQUIRE(cache.sync().ok());
  CHECK(disk.log.empty());
}
