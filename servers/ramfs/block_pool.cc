#include "block_pool.h"

#include <cstdlib>
#include <cstring>

namespace ramfs {

BlockPool::~BlockPool() {
  for (size_t i = 0; i < chunk_count_; ++i) free(chunks_[i]);
  free(chunks_);
}

bool BlockPool::add_chunk() {
  auto* chunk = static_cast<uint8_t*>(malloc(kBlocksPerChunk * kBlockSize));
  if (!chunk) return false;
  auto* chunks = static_cast<uint8_t**>(realloc(chunks_, (chunk_count_ + 1) * sizeof(uint8_t*)));
  if (!chunks) {
    free(chunk);
    return false;
  }
  chunks_ = chunks;
  chunks_[chunk_count_++] = chunk;
  for (size_t i = kBlocksPerChunk; i-- > 0;) give(chunk + i * kBlockSize);
  return true;
}

uint8_t* BlockPool::take() {
  if (!free_ && !add_chunk()) return nullptr;
  FreeBlock* block = free_;
  free_ = block->next;
  --spare_;
  auto* bytes = reinterpret_cast<uint8_t*>(block);
  memset(bytes, 0, kBlockSize);
  return bytes;
}

void BlockPool::give(uint8_t* block) {
  auto* freed = reinterpret_cast<FreeBlock*>(block);
  freed->next = free_;
  free_ = freed;
  ++spare_;
}

}  // namespace ramfs
