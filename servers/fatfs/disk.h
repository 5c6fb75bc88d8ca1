// Byte addresses on the volume, over the block cache: the FAT and directory
// code speak of "the entry at byte N", not of device blocks. A pointer
// returned reaches to the end of its device block and is valid until the
// next cache call.
#pragma once

#include <cstdint>

#include "block_cache.h"
#include "result.h"

namespace fatfs {

class Disk {
 public:
  explicit Disk(BlockCache& cache) : cache_(cache), block_(cache.block_size()) {}

  BlockCache& cache() { return cache_; }
  uint32_t block_size() const { return block_; }
  // Bytes from byte to the end of its block.
  uint32_t room(uint64_t byte) const { return block_ - uint32_t(byte % block_); }

  Result<const uint8_t*> read(uint64_t byte) {
    auto data = cache_.get(byte / block_);
    if (!data) return data.error();
    return static_cast<const uint8_t*>(*data + byte % block_);
  }
  Result<uint8_t*> modify(uint64_t byte) {
    auto data = cache_.modify(byte / block_);
    if (!data) return data.error();
    return *data + byte % block_;
  }
  // The whole block at byte (block-aligned), not read first.
  Result<uint8_t*> overwrite(uint64_t byte) { return cache_.overwrite(byte / block_); }

  // count bytes from byte, which lie on the disk in one piece (file data in
  // consecutive clusters): the partial blocks at either end through the
  // cache, the whole ones between in one go (BlockCache::read_blocks).
  Status read_span(uint64_t byte, uint8_t* out, uint32_t count);
  Status write_span(uint64_t byte, const uint8_t* data, uint32_t count);

 private:
  BlockCache& cache_;
  uint32_t block_;
};

}  // namespace fatfs
