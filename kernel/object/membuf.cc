#include "object/membuf.h"

#include "debug/console.h"
#include "mm/frames.h"
#include "mm/heap.h"
#include "mm/layout.h"
#include "object/ref_ptr.h"

namespace kernel {

namespace {

// The smallest order whose block holds pages frames.
unsigned order_for(uint64_t pages) {
  unsigned order = 0;
  while ((uint64_t{1} << order) < pages) ++order;
  return order;
}

}  // namespace

Result<MemBuffer*> MemBuffer::create(uint64_t size, bool contiguous) {
  if (size == 0 || size > kMaxSize) return Error::InvalidArgument;
  uint64_t pages = page_round_up(size) / kPageSize;
  unsigned order = order_for(pages);
  if (contiguous && order > kMaxContiguousOrder) return Error::InvalidArgument;

  auto buffer = RefPtr<MemBuffer>::adopt(make_object<MemBuffer>());
  if (!buffer) return Error::NoMemory;
  buffer->pages_ = pages;
  buffer->contiguous_ = contiguous;
  if (contiguous) {
    // The whole block stays with the buffer: the buddy frees blocks only whole.
    auto block = frames::alloc_zeroed(order);
    if (!block) return block.error();
    buffer->order_ = order;
    buffer->base_ = *block;
    return buffer.into_raw();
  }
  buffer->frames_ = static_cast<uint64_t*>(kmalloc(pages * sizeof(uint64_t)));
  if (!buffer->frames_) return Error::NoMemory;
  // Cleared before anything can fail: the destructor frees what it holds.
  for (uint64_t i = 0; i < pages; ++i) buffer->frames_[i] = 0;
  // Every page is charged now and backed on its first touch, so a process
  // (a server filling a client's buffer) never faults for want of memory.
  if (!frames::reserve(pages)) return Error::NoMemory;
  buffer->unbacked_ = pages;
  return buffer.into_raw();
}

MemBuffer::~MemBuffer() {
  if (contiguous_) {
    if (base_) frames::free(base_, order_);
    return;
  }
  frames::unreserve(unbacked_);
  if (!frames_) return;
  for (uint64_t i = 0; i < pages_; ++i) {
    if (frames_[i]) frames::free(frames_[i]);
  }
  kfree(frames_, pages_ * sizeof(uint64_t));
}

Result<uint64_t> MemBuffer::page_at(uint64_t offset) {
  uint64_t index = offset / kPageSize;
  if (offset % kPageSize || index >= pages_) return Error::OutOfRange;
  if (contiguous_) return base_ + offset;
  if (!frames_[index]) {
    frames::unreserve(1);  // this page's charge
    auto frame = frames::alloc_zeroed();
    KASSERT(frame.ok());
    frames_[index] = *frame;
    --unbacked_;
  }
  return frames_[index];
}

uint64_t MemBuffer::resident_page(uint64_t offset) {
  uint64_t index = offset / kPageSize;
  if (offset % kPageSize || index >= pages_) return 0;
  return contiguous_ ? base_ + offset : frames_[index];
}

}  // namespace kernel
