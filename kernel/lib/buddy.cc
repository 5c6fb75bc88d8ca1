#include "lib/buddy.h"

#include <limits>

namespace kernel {
namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

constexpr uint64_t min(uint64_t a, uint64_t b) { return a < b ? a : b; }
constexpr uint64_t max(uint64_t a, uint64_t b) { return a < b ? b : a; }

}  // namespace

void BuddyAllocator::init(uint64_t base_pa, std::span<FrameMeta> meta) {
  if (meta.size() >= kNone) meta = meta.first(kNone - 1);
  base_pfn_ = base_pa / kFrameSize;
  meta_ = meta;
  for (FrameMeta& m : meta_) m = FrameMeta{kNone, kNone, 0, FrameState::Reserved};
  for (unsigned order = 0; order < kMaxOrder; ++order) {
    free_head_[order] = kNone;
    free_count_[order] = 0;
  }
  free_frames_ = 0;
  total_frames_ = 0;
}

void BuddyAllocator::add_free_range(uint64_t pa, uint64_t frame_count) {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  uint64_t first = pa / kFrameSize + (pa % kFrameSize != 0);
  uint64_t end = frame_count > (kMax - pa) / kFrameSize
                     ? kMax / kFrameSize
                     : (pa + frame_count * kFrameSize) / kFrameSize;
  first = max(first, base_pfn_);
  end = min(end, base_pfn_ + meta_.size());

  uint64_t pfn = first;
  while (pfn < end) {
    if (at(pfn).state != FrameState::Reserved) {
      ++pfn;
      continue;
    }
    uint64_t run_end = pfn;
    while (run_end < end && at(run_end).state == FrameState::Reserved) ++run_end;
    // Carve the run greedily into the largest blocks aligned to their size;
    // release() then merges them with free neighbours added earlier.
    while (pfn < run_end) {
      unsigned order = 0;
      while (order + 1 < kMaxOrder && pfn % (uint64_t{2} << order) == 0 &&
             pfn + (uint64_t{2} << order) <= run_end) {
        ++order;
      }
      uint64_t size = uint64_t{1} << order;
      for (uint64_t i = 1; i < size; ++i) at(pfn + i).state = FrameState::Interior;
      total_frames_ += size;
      release(pfn, order);
      pfn += size;
    }
  }
}

Result<uint64_t> BuddyAllocator::alloc(unsigned order) {
  if (order >= kMaxOrder) return Error::InvalidArgument;
  unsigned k = order;
  while (k < kMaxOrder && free_head_[k] == kNone) ++k;
  if (k == kMaxOrder) return Error::NoMemory;

  uint32_t index = free_head_[k];
  unlink(index, k);
  while (k > order) {
    --k;
    push(index + (uint32_t{1} << k), k);
  }
  meta_[index].state = FrameState::Allocated;
  meta_[index].order = static_cast<uint8_t>(order);
  free_frames_ -= uint64_t{1} << order;
  return (base_pfn_ + index) * kFrameSize;
}

Status BuddyAllocator::free(uint64_t pa, unsigned order) {
  if (order >= kMaxOrder || pa % kFrameSize != 0) return Error::InvalidArgument;
  uint64_t pfn = pa / kFrameSize;
  if (!manages(pfn) || pfn % (uint64_t{1} << order) != 0) return Error::InvalidArgument;
  // Only block heads carry Allocated, so this also rejects double frees,
  // frees of a block's interior and frees with another order.
  const FrameMeta& m = at(pfn);
  if (m.state != FrameState::Allocated || m.order != order) return Error::InvalidArgument;
  release(pfn, order);
  return {};
}

// Invariant kept by release(): no two free buddies of the same order below
// kMaxOrder - 1 exist, so any aligned run of free frames is inside one block.
void BuddyAllocator::release(uint64_t pfn, unsigned order) {
  free_frames_ += uint64_t{1} << order;
  while (order + 1 < kMaxOrder) {
    uint64_t buddy = pfn ^ (uint64_t{1} << order);
    if (!manages(buddy)) break;
    const FrameMeta& b = at(buddy);
    if (b.state != FrameState::Free || b.order != order) break;
    unlink(static_cast<uint32_t>(buddy - base_pfn_), order);
    at(max(pfn, buddy)).state = FrameState::Interior;
    pfn = min(pfn, buddy);
    ++order;
  }
  push(static_cast<uint32_t>(pfn - base_pfn_), order);
}

void BuddyAllocator::push(uint32_t index, unsigned order) {
  FrameMeta& m = meta_[index];
  m.state = FrameState::Free;
  m.order = static_cast<uint8_t>(order);
  m.prev = kNone;
  m.next = free_head_[order];
  if (m.next != kNone) meta_[m.next].prev = index;
  free_head_[order] = index;
  ++free_count_[order];
}

void BuddyAllocator::unlink(uint32_t index, unsigned order) {
  FrameMeta& m = meta_[index];
  if (m.prev != kNone) {
    meta_[m.prev].next = m.next;
  } else {
    free_head_[order] = m.next;
  }
  if (m.next != kNone) meta_[m.next].prev = m.prev;
  m.next = m.prev = kNone;
  --free_count_[order];
}

}  // namespace kernel
