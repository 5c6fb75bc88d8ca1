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
  // Its slots are initialised as add() first takes them (fresh_), but
  // for the first one's slot 0, which nothing takes.
  if (chunk_count_ == 0) {
    chunk[0] = HandleEntry{};
    fresh_ = 1;
  }
  chunks_[chunk_count_++] = chunk;
  slots_ = size_t{chunk_count_} * kChunkEntries - 1;
  return {};
}

Result<HandleValue> HandleTable::add(void* object, uint16_t type, uint32_t rights) {
  if (!object) return Error::InvalidArgument;
  if (free_head_ == 0 && fresh_ >= chunk_count_ * kChunkEntries) TRY(grow());
  return add_to_free_slot(object, type, rights);
}

Result<HandleEntry> HandleTable::remove(HandleValue handle) {
  auto e = get(handle);
  if (!e) return e.error();
  return take(handle, *e);
}

}  // namespace kernel
