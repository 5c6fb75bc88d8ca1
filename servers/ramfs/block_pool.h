// ramfs's data blocks, carved from chunks of kBlocksPerChunk blocks. A
// chunk is past malloc's direct threshold (libc/src/malloc/malloc.cc), so
// the heap maps it on its own: the memory it takes is charged to the
// system when the chunk is mapped, and the blocks a chunk still has spare
// are known exactly. The block limit counts them as room
// (MemoryTree::limit_blocks_to_free_memory); blocks served from a heap
// pool would hide the pool's rest. Chunks are kept until the pool goes, as
// the heap keeps its pools.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ramfs {

constexpr size_t kBlockSize = 4096;

class BlockPool {
 public:
  static constexpr size_t kBlocksPerChunk = 64;  // 256 KiB

  BlockPool() = default;
  BlockPool(const BlockPool&) = delete;
  BlockPool& operator=(const BlockPool&) = delete;
  ~BlockPool();

  // A zeroed block, or nullptr when no chunk can be had.
  uint8_t* take();
  // Returns a block take() gave.
  void give(uint8_t* block);
  // Blocks take() can give without mapping another chunk.
  size_t spare() const { return spare_; }

 private:
  struct FreeBlock {
    FreeBlock* next;
  };
  bool add_chunk();

  FreeBlock* free_ = nullptr;
  size_t spare_ = 0;
  uint8_t** chunks_ = nullptr;
  size_t chunk_count_ = 0;
};

}  // namespace ramfs
