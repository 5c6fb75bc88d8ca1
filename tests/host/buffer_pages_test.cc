// BufferPages (kernel/ipc/buffer_pages.h): the kernel addresses of an IPC
// buffer's pages, against the fake kernel's user memory (host memory).
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>

#include "fake_kernel.h"
#include "ipc/buffer_pages.h"

using namespace kernel;

namespace {

// Three pages of "user memory", for a buffer placed anywhere in the first.
struct UserPages {
  UserPages() : base(static_cast<uint8_t*>(std::aligned_alloc(abi::kPageSize, 3 * abi::kPageSize))) {
    std::memset(base, 0, 3 * abi::kPageSize);
  }
  ~UserPages() { std::free(base); }
  uint64_t at(uint64_t offset) const { return reinterpret_cast<uint64_t>(base) + offset; }
  uint8_t* base;
};

struct Space {
  Space() : space(*AddressSpace::create()) {}
  ~Space() { AddressSpace::destroy(space); }
  AddressSpace* space;
};

}  // namespace

TEST_CASE("a buffer's handle values are found where the buffer has them, once its pages are known") {
  UserPages user;
  Space s;
  for (uint64_t in_page : {uint64_t{0}, uint64_t{8}, abi::kPageSize - 56, abi::kPageSize - 8}) {
    CAPTURE(in_page);
    BufferPages pages;
    uint64_t buffer = user.at(in_page);
    CHECK(pages.handle_values() == nullptr);
    CHECK(!pages.ready(*s.space, BufferPages::kHandlesEnd));
    REQUIRE(pages.prepare(*s.space, buffer, BufferPages::kHandlesEnd));
    CHECK(pages.ready(*s.space, BufferPages::kHandlesEnd));
    uint32_t* values = pages.handle_values();
    REQUIRE(values == reinterpret_cast<uint32_t*>(buffer + abi::kIpcBufferHandlesOffset));
    // What the kernel stores there is what the buffer's owner reads.
    values[abi::kIpcMaxHandles - 1] = 0x1234;
    uint32_t seen;
    std::memcpy(&seen, reinterpret_cast<void*>(buffer + BufferPages::kHandlesEnd - 4), 4);
    CHECK(seen == 0x1234);
    pages.forget();
    CHECK(pages.handle_values() == nullptr);
    CHECK(!pages.ready(*s.space, BufferPages::kHandlesEnd));
  }
}

TEST_CASE("handle values across a page boundary are left to the general path; the tail still copies") {
  UserPages user;
  Space s;
  // A buffer 16 bytes before a page's end has its handle values at 4088..4103,
  // across the page's end; one 24 bytes before, at 4080..4095, on one page.
  for (uint64_t in_page : {abi::kPageSize - 16, abi::kPageSize - 24}) {
    CAPTURE(in_page);
    BufferPages to;
    BufferPages from;
    // A second buffer, page-aligned, as the source: a page apart, so that
    // the copied bytes do not overlap (copy_aligned's contract).
    uint64_t from_va = user.at(2 * abi::kPageSize);
    uint64_t to_va = user.at(in_page);
    uint64_t end = abi::kIpcBufferDataOffset + 64;
    REQUIRE(to.prepare(*s.space, to_va, end));
    REQUIRE(from.prepare(*s.space, from_va, end));
    bool crosses = in_page == abi::kPageSize - 16;
    CHECK((to.handle_values() == nullptr) == crosses);
    for (uint64_t i = 0; i < 32; ++i) user.base[2 * abi::kPageSize + BufferPages::kTailOffset + i] = uint8_t(i + 1);
    BufferPages::copy_tail(to, to_va, from, from_va, 32);
    CHECK(std::memcmp(reinterpret_cast<void*>(to_va + BufferPages::kTailOffset),
                      user.base + 2 * abi::kPageSize + BufferPages::kTailOffset, 32) == 0);
  }
}

TEST_CASE("a buffer in user memory the space does not give is not prepared") {
  Space s;
  BufferPages pages;
  CHECK(!pages.prepare(*s.space, fake::kFirstUserAddress - abi::kPageSize, BufferPages::kHandlesEnd));
  CHECK(pages.handle_values() == nullptr);
}

TEST_CASE("a tail is on one page while its bytes lie on the known page of kTailOffset") {
  UserPages user;
  Space s;
  for (uint64_t in_page : {uint64_t{0}, uint64_t{8}, abi::kPageSize - 104, abi::kPageSize - 8}) {
    CAPTURE(in_page);
    BufferPages pages;
    uint64_t buffer = user.at(in_page);
    uint64_t room = abi::kPageSize - (in_page + BufferPages::kTailOffset) % abi::kPageSize;
    CHECK(!pages.tail_on_one_page(8));
    REQUIRE(pages.prepare(*s.space, buffer, abi::kIpcBufferDataOffset + abi::kIpcMaxBytes));
    CHECK(pages.tail() == reinterpret_cast<uint8_t*>(buffer + BufferPages::kTailOffset));
    CHECK(pages.tail_on_one_page(8));
    CHECK(pages.tail_on_one_page(room));
    CHECK(!pages.tail_on_one_page(room + 8));
    // On one page, the tail's bytes are ready() too.
    CHECK(pages.ready(*s.space, BufferPages::kTailOffset + room));
    pages.forget();
    CHECK(!pages.tail_on_one_page(8));
  }
}
