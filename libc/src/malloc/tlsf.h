// A two-level segregated fit allocator (TLSF, Masmano et al. 2004): O(1)
// allocate and free over memory pools the caller hands in. It never asks the
// system for memory itself (malloc.cc does), so it runs unchanged in host
// tests.
//
// Layout. A pool is a PoolHeader followed by a run of blocks and a sentinel:
//   [PoolHeader][Header|payload][Header|payload]...[Header size 0, used]
// Each block is a 16-byte Header immediately followed by its payload; a free
// block keeps its free-list links in the first 16 bytes of its payload.
//
// Invariants (check() verifies them all):
//  - Payload addresses are 16-byte aligned; payload sizes are multiples of 16
//    and at least kMinPayload (the sentinel's is 0).
//  - prev_physical is the physically preceding block (null for the first
//    block of a pool); the prev-free bit equals that block's free bit.
//  - No two physically adjacent blocks are free: free() coalesces at once.
//  - A block is free iff it is on exactly one free list, list [fl][sl] of
//    map_size(size). Bit fl of fl_bitmap_ is set iff sl_bitmap_[fl] != 0, and
//    bit sl of sl_bitmap_[fl] iff list [fl][sl] is non-empty.
//  - Lists of first-level index 0 hold exact sizes (16-byte steps below
//    512 bytes); above, list [fl][sl] holds sizes in
//    [2^(fl+8) + sl * 2^(fl+3), 2^(fl+8) + (sl+1) * 2^(fl+3)). allocate()
//    rounds a request up to the next list boundary, so the head of any list
//    it picks fits: no list is ever searched.
//
// Not thread-safe: the caller serialises access.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tessera {

class Tlsf {
 public:
  static constexpr size_t kAlignment = 16;
  static constexpr size_t kMinPayload = 16;  // room for the two free-list links
  // Bits of Header::size_flags. Tlsf never sets kForeignBit: malloc marks the
  // memory it maps directly with it, behind a Header of the same shape.
  static constexpr size_t kFreeBit = 1;
  static constexpr size_t kPrevFreeBit = 2;
  static constexpr size_t kForeignBit = 4;
  static constexpr size_t kFlagMask = kAlignment - 1;

  struct Header {
    Header* prev_physical;
    size_t size_flags;  // payload size | flag bits
  };
  static_assert(sizeof(Header) == kAlignment);

  // The largest request allocate() accepts; bigger ones fail.
  static constexpr size_t kMaxRequest = size_t{1} << 39;

  struct Stats {
    size_t pools = 0;
    size_t free_blocks = 0;
    size_t used_blocks = 0;
    size_t free_bytes = 0;    // payload bytes of free blocks
    size_t used_bytes = 0;    // payload bytes of used blocks
    size_t largest_free = 0;  // largest free payload
  };

  constexpr Tlsf() = default;
  Tlsf(const Tlsf&) = delete;
  Tlsf& operator=(const Tlsf&) = delete;

  // Hands [memory, memory + bytes) to the allocator for good. Returns false
  // (and takes nothing) if the region is too small to hold a block or too
  // large for the size classes.
  bool add_pool(void* memory, size_t bytes);

  // A pool of this many bytes (with memory 16-byte aligned) is sure to
  // satisfy allocate_aligned(alignment, size) while it is otherwise empty.
  static size_t pool_size_for(size_t size, size_t alignment = kAlignment);

  // nullptr when no free block fits. A zero size yields a minimal block.
  void* allocate(size_t size);
  // alignment: a power of two; the result is a multiple of it.
  void* allocate_aligned(size_t alignment, size_t size);
  // Grows or shrinks in place when it can, else moves the contents. Returns
  // nullptr (leaving the block as it was) when no memory is available.
  // Does not accept nullptr or size 0: malloc.cc decides what those mean.
  void* reallocate(void* pointer, size_t size);
  // pointer: a live result of this allocator (not nullptr).
  void free(void* pointer);

  // The payload a request of size bytes is given (or 0 if it is too
  // large): size rounded up to the alignment, at least kMinPayload.
  static size_t adjust_request(size_t size) {
    if (size > kMaxRequest) return 0;
    size_t adjusted = (size + kAlignment - 1) & ~(kAlignment - 1);
    return adjusted < kMinPayload ? kMinPayload : adjusted;
  }
  // The payload bytes of a live block (at least what was asked for).
  static size_t usable_size(const void* pointer) { return header_of(pointer)->size_flags & ~kFlagMask; }
  static Header* header_of(const void* pointer) {
    return reinterpret_cast<Header*>(reinterpret_cast<uintptr_t>(pointer) - sizeof(Header));
  }

  // Walks every pool checking the invariants above; O(heap). Returns false
  // at the first violation (stats then describe the walk up to there).
  bool check(Stats* stats = nullptr) const;

 private:
  static constexpr unsigned kSlLog2 = 5;
  static constexpr unsigned kSlCount = 1u << kSlLog2;
  static constexpr unsigned kAlignLog2 = 4;
  static constexpr unsigned kFlShift = kSlLog2 + kAlignLog2;  // sizes below 2^9 are "small"
  static constexpr size_t kSmallSize = size_t{1} << kFlShift;
  static constexpr unsigned kFlMax = 40;  // payloads stay below 2^40
  static constexpr unsigned kFlCount = kFlMax - kFlShift + 1;
  static constexpr size_t kMaxPayload = (size_t{1} << kFlMax) - kAlignment;

  struct PoolHeader {
    PoolHeader* next;
    size_t bytes;
  };
  static_assert(sizeof(PoolHeader) == kAlignment);
  // Free-list links, in the payload of a free block.
  struct Links {
    Header* next;
    Header* prev;
  };

  struct Index {
    unsigned fl;
    unsigned sl;
  };
  static Index map_size(size_t size);
  static size_t round_to_list(size_t size);

  static size_t size_of(const Header* h) { return h->size_flags & ~kFlagMask; }
  static bool is_free(const Header* h) { return h->size_flags & kFreeBit; }
  static bool is_prev_free(const Header* h) { return h->size_flags & kPrevFreeBit; }
  static void set_size(Header* h, size_t size) { h->size_flags = size | (h->size_flags & kFlagMask); }
  static char* payload(Header* h) { return reinterpret_cast<char*>(h) + sizeof(Header); }
  static Links* links(Header* h) { return reinterpret_cast<Links*>(payload(h)); }
  static Header* next_physical(Header* h) { return reinterpret_cast<Header*>(payload(h) + size_of(h)); }
  static void mark_free(Header* h);
  static void mark_used(Header* h);

  void insert(Header* h);
  void remove(Header* h);
  // Removes and returns a free block of at least size bytes, or nullptr.
  Header* take_block(size_t size);
  // Splits the tail beyond size off h (if it can hold a block) and frees it.
  void trim(Header* h, size_t size);
  // Merges the free block next to h into h; h stays off the free lists.
  void absorb_next(Header* h);

  uint32_t fl_bitmap_ = 0;
  uint32_t sl_bitmap_[kFlCount] = {};
  Header* lists_[kFlCount][kSlCount] = {};
  PoolHeader* pools_ = nullptr;
};

}  // namespace tessera
