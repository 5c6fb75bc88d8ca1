// fatfs::BlockCache: the file system's view of its disk, one block at a time,
// in a fixed memory budget. A library inside fatfs, not a server: it is one
// client's cache (one volume, one server), so a server of its own would only
// add a round trip per block (docs/storage.md says more).
//
// - LRU: a miss evicts the least recently used block.
// - Write-back: modify() only marks a block dirty; it reaches the disk when
//   evicted, on sync() (which also flushes the device), and on unmount.
// - Read-ahead: a miss right after a miss on the block before it reads a run
//   of following blocks in one device request.
// - Direct runs: long runs of file data (read_blocks, write_blocks) move
//   between the device and the caller without passing through the cache.
// - Ordering: barrier() says "every block dirty now reaches the disk before
//   any block dirtied after this". Each dirty block carries the epoch in
//   which it became dirty; write-back goes in epoch order, and dirtying a
//   block again in a later epoch first writes back every older epoch (the
//   block's new content must not overtake what the barrier ordered before
//   it). fatfs uses it so a crash leaves at worst lost clusters.
//
// A pointer from get()/modify() is valid until the next call on the cache.
// Not thread-safe: the server serialises requests.
#pragma once

#include <cstddef>
#include <cstdint>

#include "block_device.h"
#include "result.h"

namespace fatfs {

class BlockCache {
 public:
  BlockCache(BlockDevice& device, size_t budget_bytes) : device_(device), budget_(budget_bytes) {}
  ~BlockCache();
  BlockCache(const BlockCache&) = delete;
  BlockCache& operator=(const BlockCache&) = delete;

  // Allocates the budget (at least kMinBlocks blocks); NoMemory if it cannot.
  Status init();

  BlockDevice& device() { return device_; }
  uint32_t block_size() const { return device_.block_size(); }

  // The block's bytes, read from the disk on a miss.
  Result<uint8_t*> get(uint64_t lba);
  // The block's bytes, to change: the block is dirty from now on.
  Result<uint8_t*> modify(uint64_t lba);
  // Like modify(), for a caller that rewrites the whole block: no read.
  Result<uint8_t*> overwrite(uint64_t lba);
  // count whole blocks from lba, for file data. A long run (kDirectBytes or
  // more) moves between the device and data directly, in requests of the
  // device's largest size, without passing through (or pushing out) the
  // cached blocks; a cached copy still wins on a read, and a write drops
  // it. A direct write goes out at once, after every block an earlier
  // barrier ordered before it. A short run goes through the cache.
  Status read_blocks(uint64_t lba, uint32_t count, uint8_t* data);
  Status write_blocks(uint64_t lba, uint32_t count, const uint8_t* data);
  void barrier() {
    if (dirty_count_ > 0) older_dirty_ = true;
    ++epoch_;
  }
  // Writes every dirty block back, in order, and flushes the device (if
  // anything was written since the last flush).
  Status sync();
  // Forgets every block (after sync; a failed mount).
  void clear();

  static constexpr uint32_t kMinBlocks = 16;
  static constexpr uint32_t kMaxReadAhead = 64;
  static constexpr uint32_t kDirectBytes = 16 * 1024;

  struct Counters {
    uint64_t hits = 0, misses = 0, device_reads = 0, device_writes = 0;
  };
  const Counters& counters() const { return counters_; }

 private:
  struct Slot {
    uint64_t lba;
    uint64_t epoch;  // when it became dirty
    uint8_t* data;
    uint32_t prev, next;  // LRU list, most recent first
    uint32_t hash_next;
    uint32_t dirty_prev, dirty_next;  // the dirty list (write-back visits only these)
    bool valid, dirty;
  };
  static constexpr uint32_t kNone = ~0u;

  Result<uint32_t> lookup_or_load(uint64_t lba, bool read);
  uint32_t find(uint64_t lba) const;
  Result<uint32_t> take_slot();
  void insert_hash(uint32_t slot);
  void remove_hash(uint32_t slot);
  void touch(uint32_t slot);
  void unlink_lru(uint32_t slot);
  void push_front(uint32_t slot);
  void mark_dirty(uint32_t slot);
  void mark_clean(uint32_t slot);
  void drop(uint32_t slot);
  uint32_t direct_blocks() const;
  // Writes back every dirty block of an epoch up to `through`, oldest first.
  Status write_back(uint64_t through);
  Status read_ahead(uint64_t lba);
  Status flush_device();
  uint32_t bucket(uint64_t lba) const { return uint32_t((lba * 0x9E3779B97F4A7C15ull) >> 32) % buckets_; }

  BlockDevice& device_;
  size_t budget_;
  uint32_t count_ = 0, buckets_ = 0;
  Slot* slots_ = nullptr;
  uint32_t* heads_ = nullptr;  // hash buckets
  uint8_t* memory_ = nullptr;  // count_ blocks
  // One device request of contiguous blocks each: read-ahead's may evict
  // (and so write back) blocks while it holds what it read.
  uint8_t* read_staging_ = nullptr;
  uint8_t* write_staging_ = nullptr;
  uint32_t staging_blocks_ = 0;
  // Scratch for write-back: the dirty blocks, sorted by (epoch, lba).
  struct Dirty {
    uint64_t epoch, lba;
    uint32_t slot;
  };
  Dirty* order_ = nullptr;
  static int by_epoch_then_lba(const void* a, const void* b);
  uint32_t lru_head_ = kNone, lru_tail_ = kNone;
  uint64_t epoch_ = 1;
  uint32_t dirty_head_ = kNone;
  uint32_t dirty_count_ = 0;
  bool older_dirty_ = false;  // blocks of an epoch before this one are dirty
  uint64_t last_miss_ = ~0ull;
  bool unflushed_ = false;  // written since the device's last flush
  Counters counters_;
};

}  // namespace fatfs
