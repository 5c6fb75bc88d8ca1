#include "lib/handle_table.h"

namespace kernel {

HandleTable::~HandleTable() {
  for (uint32_t c = 0; c < chunk_count_; ++c) allocator_.deallocate(chunks_[c], kChunkEntries * sizeof(HandleEntry));
  if (chunks_) allocator_.deallocate(chunks_, chunk_capacity_ * sizeof(HandleEntry*));
}

Status HandleTable::grow() {
  if ((chunk_count_ + 1) * kChunkEntries > kMaxHandles + 1) return Error::NoMemory;
  if (chunk_count_ == chunk_capacity_) {
    uint32_t capacity = chunk_capacity_ ? chunk_capacity_ * 2 : 4;
    auto** bigger = static_cast<HandleEntry**>(allocator_.allocate(capacity * sizeof(HandleEntry*)));
    if (!bigger) return Error::NoMemory;
    for (uint32_t c = 0; c < chunk_count_; ++c) bigger[c] = chunks_[c];
    if (chunks_) allocator_.deallocate(chunks_, chunk_capacity_ * sizeof(HandleEntry*));
    chunks_ = bigger;
    chunk_capacity_ = capacity;
  }
  auto* chunk = static_cast<HandleEntry*>(allocator_.allocate(kChunkEntries * sizeof(HandleEntry)));
  if (!chunk) return Error::NoMemory;
  uint32_t first = chunk_count_ * kChunkEntries;
  for (uint32_t i = 0; i < kChunkEntries; ++i) {
    chunk[i] = HandleEntry{};
    chunk[i].generation = 1;
  }
  chunks_[chunk_count_++] = chunk;
  // Link the new slots (slot 0 stays unused so that handle 0 is never valid).
  for (uint32_t i = kChunkEntries; i-- > 0;) {
    uint32_t index = first + i;
    if (index == 0) continue;
    slot(index)->next_free = free_head_;
    free_head_ = index;
  }
  return {};
}

Result<HandleValue> HandleTable::add(void* object, uint16_t type, uint32_t rights) {
  if (!object) return Error::InvalidArgument;
  if (free_head_ == 0) TRY(grow());
  return add_to_free_slot(object, type, rights);
}

Result<HandleEntry> HandleTable::remove(HandleValue handle) {
  auto e = get(handle);
  if (!e) return e.error();
  return take(handle, *e);
}

}  // namespace kernel
