// The kernel addresses of the pages of a thread's IPC buffer, so that the
// fast path copies long payloads without walking page tables. A page is
// looked up (and backed, as a user write would) the first time a copy
// needs it; the addresses stay valid until the address space unmaps
// anything (its unmap count moves) or the thread names another buffer.
#pragma once

#include <cstdint>

#include "abi/ipc_buffer.h"
#include "abi/address_space.h"

namespace kernel {

class AddressSpace;

class BufferPages {
 public:
  // Where a payload's tail (the bytes after the register words) lies in
  // the buffer, as an offset from its start.
  static constexpr uint64_t kTailOffset = abi::kIpcBufferDataOffset + abi::kIpcRegisterBytes;

  // Forgets every page (a new buffer address).
  void forget() { unmaps_ = kNone; }
  // Makes sure the pages holding [offset, offset + length) of the buffer
  // at buffer_va are known and writable by user mode. False if one is
  // not: the general path then reports the error.
  bool prepare(AddressSpace& space, uint64_t buffer_va, uint64_t offset, uint64_t length);
  // Copies length bytes at offset of from's buffer to the same offset of
  // to's. Both must have been prepared for them, with nothing unmapped
  // since; the buffers are 8-byte aligned (set_ipc_buffer).
  static void copy(BufferPages& to, uint64_t to_va, const BufferPages& from, uint64_t from_va, uint64_t offset,
                   uint64_t length);

 private:
  // 4,120 bytes start anywhere 8-aligned: they touch at most three pages.
  static constexpr unsigned kPages = 3;
  static constexpr uint64_t kNone = ~0ull;
  static_assert(abi::kIpcBufferSize <= (kPages - 1) * abi::kPageSize + 8);

  uint64_t unmaps_ = kNone;        // the space's unmap count when the pages were looked up
  uint8_t* page_[kPages] = {};     // kernel address of each page's start; null: not looked up
};

}  // namespace kernel
