#include "tlsf.h"

#include "bit_scan.h"

namespace tessera {

namespace {

// Index of the highest and the lowest set bit; x != 0.
inline unsigned highest_bit(size_t x) { return bits::highest_set(x); }
inline unsigned lowest_bit(uint32_t x) { return bits::lowest_set(x); }

inline uintptr_t align_up(uintptr_t x, size_t alignment) { return (x + alignment - 1) & ~(uintptr_t{alignment} - 1); }

}  // namespace

Tlsf::Index Tlsf::map_size(size_t size) {
  if (size < kSmallSize) return {0, static_cast<unsigned>(size / (kSmallSize / kSlCount))};
  unsigned top = highest_bit(size);
  unsigned sl = static_cast<unsigned>(size >> (top - kSlLog2)) ^ kSlCount;
  return {top - kFlShift + 1, sl};
}

// The smallest size whose list holds only blocks of at least size bytes.
size_t Tlsf::round_to_list(size_t size) {
  if (size < kSmallSize) return size;
  return size + (size_t{1} << (highest_bit(size) - kSlLog2)) - 1;
}

size_t Tlsf::pool_size_for(size_t size, size_t alignment) {
  size_t payload = adjust_request(size);
  if (alignment > kAlignment) payload += alignment + sizeof(Header) + kMinPayload;
  // Pool header, first block header, sentinel, and the list rounding.
  return round_to_list(payload) + sizeof(PoolHeader) + 2 * sizeof(Header);
}

void Tlsf::mark_free(Header* h) {
  h->size_flags |= kFreeBit;
  next_physical(h)->size_flags |= kPrevFreeBit;
}

void Tlsf::mark_used(Header* h) {
  h->size_flags &= ~kFreeBit;
  next_physical(h)->size_flags &= ~kPrevFreeBit;
}

void Tlsf::insert(Header* h) {
  Index i = map_size(size_of(h));
  Header* head = lists_[i.fl][i.sl];
  links(h)->next = head;
  links(h)->prev = nullptr;
  if (head) links(head)->prev = h;
  lists_[i.fl][i.sl] = h;
  fl_bitmap_ |= 1u << i.fl;
  sl_bitmap_[i.fl] |= 1u << i.sl;
}

void Tlsf::remove(Header* h) {
  Index i = map_size(size_of(h));
  Header* next = links(h)->next;
  Header* prev = links(h)->prev;
  if (next) links(next)->prev = prev;
  if (prev) {
    links(prev)->next = next;
  } else {
    lists_[i.fl][i.sl] = next;
    if (!next) {
      sl_bitmap_[i.fl] &= ~(1u << i.sl);
      if (!sl_bitmap_[i.fl]) fl_bitmap_ &= ~(1u << i.fl);
    }
  }
}

Tlsf::Header* Tlsf::take_block(size_t size) {
  Index i = map_size(round_to_list(size));
  if (i.fl >= kFlCount) return nullptr;
  // First the lists of this first level from sl up, then any larger level.
  uint32_t sl_map = sl_bitmap_[i.fl] & (~0u << i.sl);
  if (!sl_map) {
    uint32_t fl_map = i.fl + 1 < 32 ? fl_bitmap_ & (~0u << (i.fl + 1)) : 0;
    if (!fl_map) return nullptr;
    i.fl = lowest_bit(fl_map);
    sl_map = sl_bitmap_[i.fl];
  }
  i.sl = lowest_bit(sl_map);
  Header* h = lists_[i.fl][i.sl];
  remove(h);
  return h;
}

void Tlsf::trim(Header* h, size_t size) {
  size_t current = size_of(h);
  if (current < size + sizeof(Header) + kMinPayload) return;
  auto* rest = reinterpret_cast<Header*>(payload(h) + size);
  rest->prev_physical = h;
  rest->size_flags = (current - size - sizeof(Header)) | (is_free(h) ? kPrevFreeBit : 0);
  set_size(h, size);
  Header* after = next_physical(rest);
  after->prev_physical = rest;
  if (is_free(after)) {
    remove(after);
    set_size(rest, size_of(rest) + sizeof(Header) + size_of(after));
    next_physical(rest)->prev_physical = rest;
  }
  mark_free(rest);
  insert(rest);
}

void Tlsf::absorb_next(Header* h) {
  Header* next = next_physical(h);
  remove(next);
  set_size(h, size_of(h) + sizeof(Header) + size_of(next));
  Header* after = next_physical(h);
  after->prev_physical = h;
  if (is_free(h)) after->size_flags |= kPrevFreeBit;
  else after->size_flags &= ~kPrevFreeBit;
}

bool Tlsf::add_pool(void* memory, size_t bytes) {
  uintptr_t start = align_up(reinterpret_cast<uintptr_t>(memory), kAlignment);
  uintptr_t end = (reinterpret_cast<uintptr_t>(memory) + bytes) & ~uintptr_t{kAlignment - 1};
  if (end <= start || end - start < sizeof(PoolHeader) + 2 * sizeof(Header) + kMinPayload) return false;
  size_t payload_size = end - start - sizeof(PoolHeader) - 2 * sizeof(Header);
  if (payload_size > kMaxPayload) return false;

  auto* pool = reinterpret_cast<PoolHeader*>(start);
  pool->next = pools_;
  pool->bytes = end - start;
  pools_ = pool;
  auto* block = reinterpret_cast<Header*>(start + sizeof(PoolHeader));
  block->prev_physical = nullptr;
  block->size_flags = payload_size;
  auto* sentinel = next_physical(block);
  sentinel->prev_physical = block;
  sentinel->size_flags = 0;
  mark_free(block);
  insert(block);
  return true;
}

void* Tlsf::allocate(size_t size) {
  size_t adjusted = adjust_request(size);
  if (!adjusted) return nullptr;
  Header* h = take_block(adjusted);
  if (!h) return nullptr;
  mark_used(h);
  trim(h, adjusted);
  return payload(h);
}

void* Tlsf::allocate_aligned(size_t alignment, size_t size) {
  if (alignment <= kAlignment) return allocate(size);
  size_t adjusted = adjust_request(size);
  // Room to move the payload to an aligned address and free the gap before it.
  constexpr size_t kMinGap = sizeof(Header) + kMinPayload;
  if (!adjusted || alignment > kMaxRequest || adjusted + alignment + kMinGap > kMaxRequest) return nullptr;
  Header* h = take_block(adjusted + alignment + kMinGap);
  if (!h) return nullptr;

  uintptr_t start = reinterpret_cast<uintptr_t>(payload(h));
  uintptr_t aligned = align_up(start, alignment);
  if (aligned != start && aligned - start < kMinGap) aligned = align_up(start + kMinGap, alignment);
  if (aligned != start) {
    // The gap becomes a free block of its own; its predecessor is used,
    // since h was free and free blocks are coalesced.
    size_t gap = aligned - start;
    auto* moved = reinterpret_cast<Header*>(aligned - sizeof(Header));
    moved->prev_physical = h;
    moved->size_flags = (size_of(h) - gap) | kPrevFreeBit;
    next_physical(moved)->prev_physical = moved;
    set_size(h, gap - sizeof(Header));
    insert(h);
    h = moved;
  }
  mark_used(h);
  trim(h, adjusted);
  return payload(h);
}

void* Tlsf::reallocate(void* pointer, size_t size) {
  Header* h = header_of(pointer);
  size_t adjusted = adjust_request(size);
  if (!adjusted) return nullptr;
  size_t current = size_of(h);
  if (adjusted <= current) {
    trim(h, adjusted);
    return pointer;
  }
  Header* next = next_physical(h);
  if (is_free(next) && current + sizeof(Header) + size_of(next) >= adjusted) {
    absorb_next(h);
    trim(h, adjusted);
    return pointer;
  }
  void* moved = allocate(size);
  if (!moved) return nullptr;
  __builtin_memcpy(moved, pointer, current);
  free(pointer);
  return moved;
}

void Tlsf::free(void* pointer) {
  Header* h = header_of(pointer);
  mark_free(h);
  if (is_prev_free(h)) {
    Header* prev = h->prev_physical;
    remove(prev);
    set_size(prev, size_of(prev) + sizeof(Header) + size_of(h));
    next_physical(prev)->prev_physical = prev;
    h = prev;
  }
  if (is_free(next_physical(h))) absorb_next(h);
  insert(h);
}

bool Tlsf::check(Stats* stats) const {
  Stats local;
  Stats& s = stats ? *stats : local;
  s = Stats{};

  for (const PoolHeader* pool = pools_; pool; pool = pool->next) {
    ++s.pools;
    uintptr_t end = reinterpret_cast<uintptr_t>(pool) + pool->bytes;
    Header* prev = nullptr;
    auto* h = reinterpret_cast<Header*>(reinterpret_cast<uintptr_t>(pool) + sizeof(PoolHeader));
    for (;;) {
      uintptr_t at = reinterpret_cast<uintptr_t>(h);
      if (at % kAlignment || at + sizeof(Header) > end) return false;
      if (h->prev_physical != prev) return false;
      if (is_prev_free(h) != (prev && is_free(prev))) return false;
      if (h->size_flags & kForeignBit) return false;
      size_t size = size_of(h);
      if (size == 0) {
        if (is_free(h) || at + sizeof(Header) != end) return false;
        break;
      }
      if (size < kMinPayload || at + sizeof(Header) + size > end - sizeof(Header)) return false;
      if (is_free(h)) {
        if (prev && is_free(prev)) return false;
        ++s.free_blocks;
        s.free_bytes += size;
        if (size > s.largest_free) s.largest_free = size;
      } else {
        ++s.used_blocks;
        s.used_bytes += size;
      }
      prev = h;
      h = next_physical(h);
    }
  }

  size_t listed = 0;
  for (unsigned fl = 0; fl < kFlCount; ++fl) {
    if (((fl_bitmap_ >> fl) & 1) != (sl_bitmap_[fl] != 0)) return false;
    for (unsigned sl = 0; sl < kSlCount; ++sl) {
      if (((sl_bitmap_[fl] >> sl) & 1) != (lists_[fl][sl] != nullptr)) return false;
      Header* prev = nullptr;
      for (Header* h = lists_[fl][sl]; h; prev = h, h = links(h)->next) {
        if (!is_free(h) || links(h)->prev != prev) return false;
        Index i = map_size(size_of(h));
        if (i.fl != fl || i.sl != sl) return false;
        if (++listed > s.free_blocks) return false;
      }
    }
  }
  return listed == s.free_blocks;
}

}  // namespace tessera
