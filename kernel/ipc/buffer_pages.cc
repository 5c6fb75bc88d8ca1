#include "ipc/buffer_pages.h"

namespace kernel {

namespace {

// A payload copy: 8 words a loop, then what is left. Both pointers are
// 8-byte aligned.
void copy_words(uint8_t* to, const uint8_t* from, uint64_t length) {
  auto* d = reinterpret_cast<uint64_t*>(to);
  auto* s = reinterpret_cast<const uint64_t*>(from);
  for (; length >= 64; length -= 64, d += 8, s += 8) {
    uint64_t w0 = s[0], w1 = s[1], w2 = s[2], w3 = s[3], w4 = s[4], w5 = s[5], w6 = s[6], w7 = s[7];
    d[0] = w0, d[1] = w1, d[2] = w2, d[3] = w3, d[4] = w4, d[5] = w5, d[6] = w6, d[7] = w7;
  }
  for (; length >= 8; length -= 8) *d++ = *s++;
  auto* db = reinterpret_cast<uint8_t*>(d);
  auto* sb = reinterpret_cast<const uint8_t*>(s);
  while (length--) *db++ = *sb++;
}

}  // namespace

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

void BufferPages::copy(BufferPages& to, uint64_t to_va, const BufferPages& from, uint64_t from_va, uint64_t offset,
                       uint64_t length) {
  uint64_t to_at = to_va % abi::kPageSize + offset;
  uint64_t from_at = from_va % abi::kPageSize + offset;
  while (length > 0) {
    uint64_t chunk = abi::kPageSize - to_at % abi::kPageSize;
    uint64_t from_chunk = abi::kPageSize - from_at % abi::kPageSize;
    if (from_chunk < chunk) chunk = from_chunk;
    if (chunk > length) chunk = length;
    copy_words(to.page_[to_at / abi::kPageSize] + to_at % abi::kPageSize,
               from.page_[from_at / abi::kPageSize] + from_at % abi::kPageSize, chunk);
    to_at += chunk;
    from_at += chunk;
    length -= chunk;
  }
}

}  // namespace kernel
