// BlockCache: slots in an LRU list and a hash table by block number; see
// block_cache.h for the policy and the ordering rule.
#include "block_cache.h"

#include <stdlib.h>
#include <string.h>

namespace fatfs {

BlockCache::~BlockCache() {
  free(slots_);
  free(heads_);
  free(memory_);
  free(read_staging_);
  free(write_staging_);
  free(order_);
}

Status BlockCache::init() {
  uint32_t size = block_size();
  if (size == 0) return Error::InvalidArgument;
  count_ = uint32_t(budget_ / size);
  if (count_ < kMinBlocks) count_ = kMinBlocks;
  buckets_ = count_ * 2;
  staging_blocks_ = device_.max_blocks() < kMaxReadAhead ? device_.max_blocks() : kMaxReadAhead;
  if (staging_blocks_ == 0) return Error::InvalidArgument;
  slots_ = static_cast<Slot*>(calloc(count_, sizeof(Slot)));
  heads_ = static_cast<uint32_t*>(malloc(sizeof(uint32_t) * buckets_));
  memory_ = static_cast<uint8_t*>(malloc(size_t(count_) * size));
  read_staging_ = static_cast<uint8_t*>(malloc(size_t(staging_blocks_) * size));
  write_staging_ = static_cast<uint8_t*>(malloc(size_t(staging_blocks_) * size));
  order_ = static_cast<Dirty*>(malloc(sizeof(Dirty) * count_));
  if (!slots_ || !heads_ || !memory_ || !read_staging_ || !write_staging_ || !order_) return Error::NoMemory;
  for (uint32_t i = 0; i < buckets_; ++i) heads_[i] = kNone;
  for (uint32_t i = 0; i < count_; ++i) {
    slots_[i].data = memory_ + size_t(i) * size;
    slots_[i].hash_next = kNone;
    push_front(i);
  }
  return {};
}

uint32_t BlockCache::find(uint64_t lba) const {
  for (uint32_t s = heads_[bucket(lba)]; s != kNone; s = slots_[s].hash_next) {
    if (slots_[s].lba == lba) return s;
  }
  return kNone;
}

void BlockCache::insert_hash(uint32_t slot) {
  uint32_t b = bucket(slots_[slot].lba);
  slots_[slot].hash_next = heads_[b];
  heads_[b] = slot;
}

void BlockCache::remove_hash(uint32_t slot) {
  uint32_t* link = &heads_[bucket(slots_[slot].lba)];
  while (*link != slot) link = &slots_[*link].hash_next;
  *link = slots_[slot].hash_next;
}

void BlockCache::unlink_lru(uint32_t slot) {
  Slot& s = slots_[slot];
  if (s.prev != kNone)
    slots_[s.prev].next = s.next;
  else
    lru_head_ = s.next;
  if (s.next != kNone)
    slots_[s.next].prev = s.prev;
  else
    lru_tail_ = s.prev;
}

void BlockCache::push_front(uint32_t slot) {
  Slot& s = slots_[slot];
  s.prev = kNone;
  s.next = lru_head_;
  if (lru_head_ != kNone) slots_[lru_head_].prev = slot;
  lru_head_ = slot;
  if (lru_tail_ == kNone) lru_tail_ = slot;
}

void BlockCache::touch(uint32_t slot) {
  if (lru_head_ == slot) return;
  unlink_lru(slot);
  push_front(slot);
}

// The least recently used slot, emptied and clean: a dirty one is written
// back first, together with every block an earlier barrier ordered before it.
Result<uint32_t> BlockCache::take_slot() {
  uint32_t slot = lru_tail_;
  Slot& s = slots_[slot];
  if (s.valid && s.dirty) TRY(write_back(s.epoch));
  if (s.valid) remove_hash(slot);
  s.valid = false;
  return slot;
}

Status BlockCache::read_ahead(uint64_t lba) {
  uint64_t end = device_.block_count();
  uint32_t run = 0;
  // Never more than a quarter of the cache: read-ahead must not flush out
  // the blocks the file system works with (FAT, directories).
  uint32_t limit = staging_blocks_ < count_ / 4 ? staging_blocks_ : count_ / 4;
  while (run < limit && lba + run < end && find(lba + run) == kNone) ++run;
  if (run <= 1) return Error::NotFound;
  ++counters_.device_reads;
  TRY(device_.read(lba, run, read_staging_));
  // The last block first: the one asked for ends most recently used.
  for (uint32_t i = run; i-- > 0;) {
    auto slot = take_slot();
    if (!slot) return slot.error();
    Slot& s = slots_[*slot];
    memcpy(s.data, read_staging_ + size_t(i) * block_size(), block_size());
    s.lba = lba + i;
    s.valid = true;
    insert_hash(*slot);
    touch(*slot);
  }
  return {};
}

Result<uint32_t> BlockCache::lookup_or_load(uint64_t lba, bool read) {
  if (lba >= device_.block_count()) return Error::IoError;
  uint32_t slot = find(lba);
  if (slot != kNone) {
    ++counters_.hits;
    touch(slot);
    return slot;
  }
  ++counters_.misses;
  bool sequential = lba == last_miss_ + 1;
  last_miss_ = lba;
  if (read && sequential) {
    Status ahead = read_ahead(lba);
    if (ahead) {
      slot = find(lba);
      if (slot != kNone) return slot;
    } else if (ahead.error() != Error::NotFound) {
      return ahead.error();
    }
  }
  auto taken = take_slot();
  if (!taken) return taken.error();
  Slot& s = slots_[*taken];
  if (read) {
    ++counters_.device_reads;
    TRY(device_.read(lba, 1, s.data));
  }
  s.lba = lba;
  s.valid = true;
  insert_hash(*taken);
  touch(*taken);
  return *taken;
}

Result<uint8_t*> BlockCache::get(uint64_t lba) {
  auto slot = lookup_or_load(lba, true);
  if (!slot) return slot.error();
  return slots_[*slot].data;
}

void BlockCache::mark_dirty(uint32_t slot) {
  Slot& s = slots_[slot];
  s.epoch = epoch_;
  if (s.dirty) return;
  s.dirty = true;
  ++dirty_count_;
  s.dirty_prev = kNone;
  s.dirty_next = dirty_head_;
  if (dirty_head_ != kNone) slots_[dirty_head_].dirty_prev = slot;
  dirty_head_ = slot;
}

void BlockCache::mark_clean(uint32_t slot) {
  Slot& s = slots_[slot];
  if (!s.dirty) return;
  s.dirty = false;
  --dirty_count_;
  if (s.dirty_prev != kNone)
    slots_[s.dirty_prev].dirty_next = s.dirty_next;
  else
    dirty_head_ = s.dirty_next;
  if (s.dirty_next != kNone) slots_[s.dirty_next].dirty_prev = s.dirty_prev;
}

Result<uint8_t*> BlockCache::modify(uint64_t lba) {
  if (device_.read_only()) return Error::ReadOnly;
  auto slot = lookup_or_load(lba, true);
  if (!slot) return slot.error();
  Slot& s = slots_[*slot];
  if (s.dirty && s.epoch < epoch_) TRY(write_back(epoch_ - 1));
  mark_dirty(*slot);
  return s.data;
}

Result<uint8_t*> BlockCache::overwrite(uint64_t lba) {
  if (device_.read_only()) return Error::ReadOnly;
  uint32_t found = find(lba);
  auto slot = found != kNone ? Result<uint32_t>(found) : lookup_or_load(lba, false);
  if (!slot) return slot.error();
  Slot& s = slots_[*slot];
  touch(*slot);
  if (s.dirty && s.epoch < epoch_) TRY(write_back(epoch_ - 1));
  mark_dirty(*slot);
  return s.data;
}

int BlockCache::by_epoch_then_lba(const void* a, const void* b) {
  auto& x = *static_cast<const Dirty*>(a);
  auto& y = *static_cast<const Dirty*>(b);
  if (x.epoch != y.epoch) return x.epoch < y.epoch ? -1 : 1;
  return x.lba < y.lba ? -1 : x.lba > y.lba ? 1 : 0;
}

Status BlockCache::write_back(uint64_t through) {
  uint32_t n = 0;
  // (Not a scan of every slot: a sync of one dirty block in a cache of
  // 2,048 cost 13,000 instructions that way.)
  for (uint32_t i = dirty_head_; i != kNone; i = slots_[i].dirty_next) {
    const Slot& s = slots_[i];
    if (s.epoch <= through) order_[n++] = {s.epoch, s.lba, i};
  }
  // (An insertion sort here was quadratic: a full cache of dirty blocks in
  // LRU order cost millions of instructions a pass.)
  qsort(order_, n, sizeof(Dirty), by_epoch_then_lba);
  uint32_t size = block_size();
  for (uint32_t i = 0; i < n;) {
    // A run of consecutive blocks of one epoch goes in one request; between
    // epochs the device is flushed, so the order survives its own cache.
    uint32_t run = 1;
    const Dirty& first = order_[i];
    while (i + run < n && run < staging_blocks_) {
      const Dirty& next = order_[i + run];
      if (next.epoch != first.epoch || next.lba != first.lba + run) break;
      ++run;
    }
    for (uint32_t k = 0; k < run; ++k) memcpy(write_staging_ + size_t(k) * size, slots_[order_[i + k].slot].data, size);
    ++counters_.device_writes;
    unflushed_ = true;
    TRY(device_.write(first.lba, run, write_staging_));
    for (uint32_t k = 0; k < run; ++k) mark_clean(order_[i + k].slot);
    bool epoch_ends = i + run < n && order_[i + run].epoch != first.epoch;
    i += run;
    if (epoch_ends) TRY(flush_device());
  }
  if (through >= epoch_ - 1) older_dirty_ = false;  // (sync's ~0 must not wrap to 0)
  return {};
}

uint32_t BlockCache::direct_blocks() const {
  uint32_t blocks = kDirectBytes / block_size();
  return blocks ? blocks : 1;
}

void BlockCache::drop(uint32_t slot) {
  Slot& s = slots_[slot];
  mark_clean(slot);
  remove_hash(slot);
  s.valid = false;
  // Taken first next time.
  unlink_lru(slot);
  s.next = kNone;
  s.prev = lru_tail_;
  if (lru_tail_ != kNone) slots_[lru_tail_].next = slot;
  lru_tail_ = slot;
  if (lru_head_ == kNone) lru_head_ = slot;
}

Status BlockCache::read_blocks(uint64_t lba, uint32_t count, uint8_t* data) {
  uint32_t size = block_size();
  if (lba + count > device_.block_count() || lba + count < lba) return Error::IoError;
  if (count < direct_blocks()) {
    for (uint32_t i = 0; i < count; ++i) {
      auto block = get(lba + i);
      if (!block) return block.error();
      memcpy(data + size_t(i) * size, *block, size);
    }
    return {};
  }
  const uint32_t most = device_.max_blocks();  // (a virtual call: not once a block)
  for (uint32_t i = 0; i < count;) {
    uint32_t slot = find(lba + i);
    if (slot != kNone) {
      ++counters_.hits;
      memcpy(data + size_t(i) * size, slots_[slot].data, size);
      ++i;
      continue;
    }
    uint32_t run = 1;
    while (i + run < count && run < most && find(lba + i + run) == kNone) ++run;
    ++counters_.device_reads;
    TRY(device_.read(lba + i, run, data + size_t(i) * size));
    i += run;
  }
  return {};
}

Status BlockCache::write_blocks(uint64_t lba, uint32_t count, const uint8_t* data) {
  if (device_.read_only()) return Error::ReadOnly;
  uint32_t size = block_size();
  if (lba + count > device_.block_count() || lba + count < lba) return Error::IoError;
  if (count < direct_blocks()) {
    for (uint32_t i = 0; i < count; ++i) {
      auto block = overwrite(lba + i);
      if (!block) return block.error();
      memcpy(*block, data + size_t(i) * size, size);
    }
    return {};
  }
  // Going out now, these blocks must not overtake what a barrier put
  // before them (a freed cluster's old entry must be gone before new data
  // lands in it).
  if (older_dirty_) {
    TRY(write_back(epoch_ - 1));
    if (unflushed_) TRY(flush_device());
  }
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t slot = find(lba + i);
    if (slot != kNone) drop(slot);  // superseded, even if dirty
  }
  for (uint32_t i = 0; i < count;) {
    uint32_t run = count - i < device_.max_blocks() ? count - i : device_.max_blocks();
    ++counters_.device_writes;
    unflushed_ = true;
    TRY(device_.write(lba + i, run, data + size_t(i) * size));
    i += run;
  }
  return {};
}

Status BlockCache::flush_device() {
  TRY(device_.flush());
  unflushed_ = false;
  return {};
}

Status BlockCache::sync() {
  TRY(write_back(~0ull));
  return unflushed_ ? flush_device() : Status{};
}

void BlockCache::clear() {
  for (uint32_t i = 0; i < count_; ++i) {
    if (slots_[i].valid) remove_hash(i);
    slots_[i].valid = false;
    slots_[i].dirty = false;
  }
  dirty_head_ = kNone;
  dirty_count_ = 0;
  older_dirty_ = false;
  last_miss_ = ~0ull;
}

}  // namespace fatfs
