// The kernel addresses of the pages of a thread's IPC buffer, so that the
// fast path copies long payloads without walking page tables. A page is
// looked up (and backed, as a user write would) the first time a copy
// needs it; the addresses stay valid until the address space unmaps
// anything (its unmap count moves, and Process::unmap_region has every
// thread of the space forget its pages) or the thread names another buffer.
#pragma once

#include <cstdint>

#include "abi/ipc_buffer.h"
#include "abi/address_space.h"
#include "arch/word_copy.h"
#include "mm/address_space.h"

namespace kernel {

class BufferPages {
 public:
  // Where a message's copied bytes start: data byte 32 (abi/ipc_buffer.h).
  static constexpr uint64_t kTailOffset = abi::kIpcBufferDataOffset + abi::kIpcRegisterBytes;

  // Forgets every page (a new buffer address).
  void forget() { unmaps_ = kNone; known_end_ = 0; tail_room_ = 0; handles_ = nullptr; }
  // Whether the pages of bytes [0, end) of the buffer are known, with
  // nothing unmapped since: the fast path's one check per buffer.
  bool ready(const AddressSpace& space, uint64_t end) const;
  // Looks up the pages of bytes [0, end) of the buffer at buffer_va. False
  // if one is not writable by user mode: the general path then reports it.
  bool prepare(AddressSpace& space, uint64_t buffer_va, uint64_t end);
  // The kernel address of the byte at offset of the buffer at buffer_va,
  // which must be ready() past it.
  uint8_t* at(uint64_t buffer_va, uint64_t offset) const {
    uint64_t in_buffer = buffer_va % abi::kPageSize + offset;
    return page_[in_buffer / abi::kPageSize] + in_buffer % abi::kPageSize;
  }
  // The kernel address of the buffer's handle values, once ready() for
  // them (bytes [0, kHandlesEnd)), if all of them lie on one page (as
  // they do but in a buffer that starts 16 bytes before a page's end): each
  // value is then a load or a store. Null if not.
  uint32_t* handle_values() const { return handles_; }
  static constexpr uint64_t kHandlesEnd = abi::kIpcBufferHandlesOffset + abi::kIpcMaxHandles * sizeof(uint32_t);
  // Whether the length bytes from kTailOffset on lie on the one page whose
  // kernel address is tail(): the fast path's one test per buffer (it
  // implies ready() for them). The room alone: an unmap in the space makes
  // every thread of it forget its pages (Process::unmap_region), which
  // leaves no room.
  bool tail_on_one_page(uint64_t length) const { return length <= tail_room_; }
  uint8_t* tail() const { return tail_; }
  // Copies the length bytes from kTailOffset on of from's buffer to the
  // same place in to's. Both must be ready() for them; the buffers are
  // 8-byte aligned (set_ipc_buffer). One piece if they lie on one page in
  // both (libipc places buffers so), else a piece per stretch between the
  // two buffers' page ends.
  static void copy_tail(BufferPages& to, uint64_t to_va, const BufferPages& from, uint64_t from_va,
                        uint64_t length) {
    if (length <= to.tail_room_ && length <= from.tail_room_) {
      copy_aligned(nullptr, to.tail_, from.tail_, length);
      return;
    }
    copy_across_pages(to, to_va % abi::kPageSize + kTailOffset, from, from_va % abi::kPageSize + kTailOffset,
                      length);
  }

 private:
  // 4,120 bytes start anywhere 8-aligned: they touch at most three pages.
  static constexpr unsigned kPages = 3;
  static constexpr uint64_t kNone = ~0ull;
  // copy_tail's pieces when a side crosses a page; to_at and from_at count
  // from the start of each buffer's first page. Out of line: it has a frame.
  [[gnu::noinline]] static void copy_across_pages(BufferPages& to, uint64_t to_at, const BufferPages& from,
                                                  uint64_t from_at, uint64_t length);
  static_assert(abi::kIpcBufferSize <= (kPages - 1) * abi::kPageSize + 8);

  uint64_t unmaps_ = kNone;     // the space's unmap count when the pages were looked up
  uint64_t known_end_ = 0;      // the pages of bytes [0, known_end_) are in page_
  uint8_t* page_[kPages] = {};  // kernel address of each page's start
  // Once the page of kTailOffset is known: its kernel address, and how many
  // bytes from it lie on that page (0 until then; known_end_ is past them).
  uint8_t* tail_ = nullptr;
  uint64_t tail_room_ = 0;
  uint32_t* handles_ = nullptr;  // handle_values()
};

inline bool BufferPages::ready(const AddressSpace& space, uint64_t end) const {
  return end <= known_end_ && unmaps_ == space.unmap_count();
}

}  // namespace kernel
