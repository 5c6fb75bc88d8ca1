#include "ipc/buffer_pages.h"

#include "lib/word_copy.h"

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
  // Looking a page up can back it, which never unmaps: the others stay valid.
  return unmaps_ == space.unmap_count();
}

// (Only tail calls: no frame pointer, as no backtrace can pass through it.)
[[gnu::optimize("omit-frame-pointer")]] void BufferPages::copy(BufferPages& to, uint64_t to_va,
                                                               const BufferPages& from, uint64_t from_va,
                                                               uint64_t offset, uint64_t length) {
  // Offsets from the start of each buffer's first page.
  uint64_t to_at = to_va % abi::kPageSize + offset;
  uint64_t from_at = from_va % abi::kPageSize + offset;
  // One piece when neither side crosses a page (libipc places buffers so
  // that a long message's copied bytes start one): a tail call, no frame.
  if (to_at % abi::kPageSize + length > abi::kPageSize || from_at % abi::kPageSize + length > abi::kPageSize) {
    return copy_across_pages(to, to_at, from, from_at, length);
  }
  copy_aligned(to.page_[to_at / abi::kPageSize] + to_at % abi::kPageSize,
               from.page_[from_at / abi::kPageSize] + from_at % abi::kPageSize, length);
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
    if (piece >= length) return copy_aligned(target, source, length);
    copy_aligned(target, source, piece);
    to_at += piece;
    from_at += piece;
    length -= piece;
  }
}

}  // namespace kernel
