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
  // Its slots are initialised as add() first takes them (fresh_).
  chunks_[chunk_count_++] = chunk;
  return {};
}

Result<HandleValue> HandleTable::add(void* object, uint16_t type, uint32_t rights) {
  if (!object) return Error::InvalidArgument;
  uint32_t index = free_head_;
  HandleEntry* e;
  if (index) {
    e = slot(index);
    free_head_ = e->next_free;
  } else {
    if (fresh_ >= chunk_count_ * kChunkEntries) TRY(grow());
    index = fresh_++;
    e = slot(index);
    e->generation = 1;
  }
  e->object = object;
  e->type = type;
  e->rights = rights;
  e->next_free = 0;
  ++count_;
  return static_cast<HandleValue>((uint32_t(e->generation) << kIndexBits) | index);
}

Result<HandleEntry> HandleTable::remove(HandleValue handle) {
  auto e = get(handle);
  if (!e) return e.error();
  HandleEntry removed = **e;
  HandleEntry* entry = *e;
  entry->object = nullptr;
  entry->rights = 0;
  // Generations cycle through 1..kGenerationMask, so a value never becomes 0.
  entry->generation = entry->generation == kGenerationMask ? 1 : entry->generation + 1;
  entry->next_free = free_head_;
  free_head_ = handle & kMaxHandles;
  --count_;
  return removed;
}

}  // namespace kernel
