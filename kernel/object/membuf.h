// A MemBuffer: memory that several address spaces map at once, reached
// through handles and passed between processes; bulk data (file and block
// I/O) moves through these rather than through message copies.
//
// Invariants: the buffer owns every frame it hands out and frees them only
// when its last reference goes, and every mapping region holds a reference,
// so no page table ever points at a freed frame. Ordinary buffers are
// charged in full at creation and get zeroed frames lazily, on the first
// fault of any mapping; a contiguous buffer (for DMA) is one zeroed buddy
// block taken at creation.
#pragma once

#include <cstdint>

#include "result.h"
#include "mm/address_space.h"
#include "mm/layout.h"
#include "object/object.h"

namespace kernel {

class MemBuffer final : public KernelObject, public PageProvider {
 public:
  static constexpr uint64_t kMaxSize = 1ull << 30;
  // The buddy allocator's largest block: 2^11 frames = 8 MiB.
  static constexpr unsigned kMaxContiguousOrder = 11;

  // size is rounded up to pages. InvalidArgument for 0, above kMaxSize, or
  // (contiguous) above 8 MiB; NoMemory.
  static Result<MemBuffer*> create(uint64_t size, bool contiguous);
  ~MemBuffer() override;

  bool contiguous() const { return contiguous_; }
  // The physical address of a contiguous buffer's first byte.
  uint64_t physical_base() const { return base_; }

  // PageProvider: regions keep the buffer alive through its reference count,
  // by hand: mm/ knows providers only through this interface, not as kernel
  // objects a RefPtr could hold.
  Result<uint64_t> page_at(uint64_t offset) override;
  uint64_t resident_page(uint64_t offset) override;
  uint64_t size() const override { return pages_ * kPageSize; }
  void retain_pages() override { retain(); }
  void release_pages() override { release(); }

 private:
  MemBuffer() : KernelObject(ObjectType::MemBuffer, sizeof(MemBuffer)) {}
  template <typename T, typename... Args>
  friend T* make_object(Args&&... args);

  uint64_t pages_ = 0;
  bool contiguous_ = false;
  unsigned order_ = 0;          // contiguous: the buddy block's order
  uint64_t base_ = 0;           // contiguous: the block's physical address
  uint64_t* frames_ = nullptr;  // otherwise: frame per page, 0 until first touched
  uint64_t unbacked_ = 0;       // pages still charged, not yet backed
};

template <>
struct ObjectTypeOf<MemBuffer> {
  static constexpr ObjectType value = ObjectType::MemBuffer;
};

}  // namespace kernel
