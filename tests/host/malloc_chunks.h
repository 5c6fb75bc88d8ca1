// A HandleTable's chunks from malloc, for the host tests of the handle
// table and of its lookup cache: a chunk holds what a reused kmalloc block
// may, and allocation can be made to fail.
#pragma once

#include <cstdlib>
#include <cstring>

#include "lib/handle_table.h"

class MallocChunks final : public kernel::ChunkAllocator {
 public:
  void* allocate(size_t bytes) override {
    if (fail) return nullptr;
    ++live;
    // What a reused kmalloc block may hold: as if a live entry (object
    // non-null, generation 0x101) were in every slot.
    return std::memset(std::malloc(bytes), 0x01, bytes);
  }
  void deallocate(void* p, size_t) override {
    --live;
    std::free(p);
  }
  bool fail = false;
  int live = 0;
};
