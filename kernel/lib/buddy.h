// BuddyAllocator: hands out physically contiguous blocks of 2^order frames,
// each aligned to its own size in physical address space, and merges freed
// blocks with their free buddies. All bookkeeping lives in a FrameMeta array
// the caller provides; the allocator must never read or write the frames
// themselves, so it can run before memory is mapped (and on fake addresses in
// host tests). It never allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "result.h"

namespace kernel {

constexpr uint64_t kFrameSize = 4096;
// Orders 0..kMaxOrder-1: the largest block is 2^11 frames = 8 MiB.
constexpr unsigned kMaxOrder = 12;

enum class FrameState : uint8_t {
  Reserved,   // never handed to the allocator (firmware, kernel image, holes)
  Interior,   // inside a free or allocated block, but not its first frame
  Free,       // first frame of a free block, linked on the free list of `order`
  Allocated,  // first frame of an allocated block of `order`
};

// Per-frame bookkeeping. `order` is meaningful only for Free and Allocated
// frames; `next`/`prev` (indices into the meta array) only for Free ones.
struct FrameMeta {
  uint32_t next;
  uint32_t prev;
  uint8_t order;
  FrameState state;
};

class BuddyAllocator {
 public:
  // Manages meta.size() frames starting at base_pa (frame aligned), all
  // Reserved. Frame indices are 32-bit, so at most 2^32 - 2 frames are used.
  void init(uint64_t base_pa, std::span<FrameMeta> meta);

  // Hands the whole frames inside [pa, pa + frame_count * kFrameSize) to the
  // allocator. Parts outside the managed span and frames already handed over
  // are skipped.
  void add_free_range(uint64_t pa, uint64_t frame_count);

  // Physical address of a free block of 2^order frames. NoMemory when no block
  // is large enough, InvalidArgument when order >= kMaxOrder.
  Result<uint64_t> alloc(unsigned order);

  // Returns a block obtained from alloc(order). InvalidArgument, with no state
  // changed, unless pa is exactly an allocated block of that order.
  Status free(uint64_t pa, unsigned order);

  uint64_t free_frames() const { return free_frames_; }
  // Frames handed over by add_free_range: free plus allocated.
  uint64_t total_frames() const { return total_frames_; }
  // Number of free blocks of exactly this order (0 for order >= kMaxOrder).
  uint64_t free_blocks(unsigned order) const {
    return order < kMaxOrder ? free_count_[order] : 0;
  }

 private:
  bool manages(uint64_t pfn) const {
    return pfn >= base_pfn_ && pfn - base_pfn_ < meta_.size();
  }
  FrameMeta& at(uint64_t pfn) { return meta_[pfn - base_pfn_]; }
  void push(uint32_t index, unsigned order);
  void unlink(uint32_t index, unsigned order);
  void release(uint64_t pfn, unsigned order);

  uint64_t base_pfn_ = 0;
  std::span<FrameMeta> meta_;
  uint32_t free_head_[kMaxOrder] = {};
  uint64_t free_count_[kMaxOrder] = {};
  uint64_t free_frames_ = 0;
  uint64_t total_frames_ = 0;
};

}  // namespace kernel
