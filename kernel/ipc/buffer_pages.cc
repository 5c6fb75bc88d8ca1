#include "ipc/buffer_pages.h"

namespace kernel {

bool BufferPages::prepare(AddressSpace& space, uint64_t buffer_va, uint64_t end) {
  if (unmaps_ != space.unmap_count()) {
    forget();
    unmaps_ = space.unmap_count();
  }
  uint64_t in_page = buffer_va % abi::kPageSize;
  for (uint64_t i = 0; i <= (in_page + end - 1) / abi::kPageSize; ++i) {
    uint64_t page_end = (i + 1) * abi::kPageSize - in_page;  // as an offset in the buffer
    if (page_end <= known_end_) continue;
    page_[i] = space.kernel_address(buffer_va - in_page + i * abi::kPageSize, Access::Write);
    if (!page_[i]) return false;
    known_end_ = page_end;
  }
  uint64_t handles_at = in_page + abi::kIpcBufferHandlesOffset;
  bool handles_on_one_page = handles_at / abi::kPageSize == (in_page + kHandlesEnd - 1) / abi::kPageSize;
  if (known_end_ >= kHandlesEnd && handles_on_one_page) {
    handles_ = static_cast<uint32_t*>(__builtin_assume_aligned(at(buffer_va, abi::kIpcBufferHandlesOffset), 4));
  }
  if (known_end_ > kTailOffset) {
    tail_ = at(buffer_va, kTailOffset);
    tail_room_ = abi::kPageSize - (in_page + kTailOffset) % abi::kPageSize;
  }
  // Looking a page up can back it, which never unmaps: the others stay valid.
  return unmaps_ == space.unmap_count();
}

void BufferPages::copy_across_pages(BufferPages& to, uint64_t to_at, const BufferPages& from, uint64_t from_at,
                                    uint64_t length) {
  // A piece ends where either buffer's page does; the last is a tail call.
  for (;;) {
    uint64_t to_left = abi::kPageSize - to_at % abi::kPageSize;
    uint64_t from_left = abi::kPageSize - from_at % abi::kPageSize;
    uint64_t piece = to_left < from_left ? to_left : from_left;
    uint8_t* target = to.page_[to_at / abi::kPageSize] + to_at % abi::kPageSize;
    const uint8_t* source = from.page_[from_at / abi::kPageSize] + from_at % abi::kPageSize;
    if (piece >= length) {
      copy_aligned(nullptr, target, source, length);
      return;
    }
    copy_aligned(nullptr, target, source, piece);
    to_at += piece;
    from_at += piece;
    length -= piece;
  }
}

}  // namespace kernel
