// membuf_map_at: a shared buffer mapped at a fixed address, executable
// if asked (how procmgr shares program text): the pages are the buffer's
// own, every bad argument is an error, W^X holds, and loading cannot
// write a read-only shared mapping.
#include <string.h>

#include "abi/address_space.h"
#include "abi/rights.h"
#include "ipc/ipc.h"
#include "ktest.h"

namespace ktest {

namespace {

using abi::Error;

constexpr const char* kTest = "mapat";
constexpr uint64_t kAt = 0x3000000;  // above ktest's image, below the mem_map window
constexpr uint64_t kPage = abi::kPageSize;
constexpr uint64_t kRx = abi::kProtRead | abi::kProtExec;

// li a0, 42; ret
constexpr uint32_t kReturn42[] = {0x02a00513, 0x00008067};

int64_t map_at(int64_t buffer, uint64_t address, uint64_t offset, uint64_t size, uint64_t prot, uint32_t process = 0) {
  return sys::membuf_map_at(uint32_t(buffer), process, address, offset, size, prot);
}

// Every argument membuf_map_at must refuse, and why.
int bad_arguments(int64_t buffer) {
  int64_t reader = sys::handle_dup(uint32_t(buffer), abi::rights::kRead | abi::rights::kMap);
  int64_t unmappable = sys::handle_dup(uint32_t(buffer), abi::rights::kRead | abi::rights::kWrite);
  int64_t contiguous = sys::membuf_create(kPage, abi::kMembufContiguous);
  struct Case {
    const char* what;
    int64_t result;
    Error expected;
  } cases[] = {
      {"write and exec", map_at(buffer, kAt, 0, kPage, kRx | abi::kProtWrite), Error::AccessDenied},
      {"exec without read", map_at(buffer, kAt, 0, kPage, abi::kProtExec), Error::InvalidArgument},
      {"no access", map_at(buffer, kAt, 0, kPage, 0), Error::InvalidArgument},
      {"unknown prot bit", map_at(buffer, kAt, 0, kPage, abi::kProtRead | abi::kMapLazy), Error::InvalidArgument},
      {"address not page aligned", map_at(buffer, kAt + 8, 0, kPage, kRx), Error::InvalidArgument},
      {"address below the image", map_at(buffer, 0, 0, kPage, kRx), Error::InvalidArgument},
      {"past user space", map_at(buffer, abi::kUserTop - kPage, 0, 2 * kPage, kRx), Error::InvalidArgument},
      {"wrapping", map_at(buffer, ~0ull - kPage + 1, 0, 2 * kPage, kRx), Error::InvalidArgument},
      {"offset not page aligned", map_at(buffer, kAt, 8, kPage, kRx), Error::InvalidArgument},
      {"past the buffer", map_at(buffer, kAt, kPage, 2 * kPage, kRx), Error::InvalidArgument},
      {"offset past the buffer", map_at(buffer, kAt, 4 * kPage, kPage, kRx), Error::InvalidArgument},
      {"size 0", map_at(buffer, kAt, 0, 0, kRx), Error::InvalidArgument},
      {"over the program", map_at(buffer, abi::kUserImageBase, 0, kPage, kRx), Error::AlreadyExists},
      {"writable without write", map_at(reader, kAt, 0, kPage, abi::kProtRead | abi::kProtWrite),
       Error::AccessDenied},
      {"without map", map_at(unmappable, kAt, 0, kPage, kRx), Error::AccessDenied},
      {"exec from a contiguous buffer", map_at(contiguous, kAt, 0, kPage, kRx), Error::AccessDenied},
      {"not a buffer", map_at(0x7777, kAt, 0, kPage, kRx), Error::BadHandle},
      {"into a process without a handle", map_at(buffer, kAt, 0, kPage, kRx, 0x7777), Error::BadHandle},
  };
  int failures = 0;
  for (const Case& c : cases) failures += !check_error(c.result, c.expected, kTest, c.what);
  sys::handle_close(uint32_t(reader));
  sys::handle_close(uint32_t(unmappable));
  sys::handle_close(uint32_t(contiguous));
  return failures;
}

// Code written through one mapping runs from another at a fixed address,
// and a change shows through every mapping: the same pages, no copy.
int shared_code(int64_t buffer) {
  int failures = 0;
  int64_t writable = sys::membuf_map(uint32_t(buffer), 0, 0, 2 * kPage, abi::kProtRead | abi::kProtWrite);
  if (!check(!sys::failed(writable), kTest, "membuf_map")) return 1;
  auto* words = reinterpret_cast<uint32_t*>(writable);
  memcpy(words + kPage / 4, kReturn42, sizeof kReturn42);
  // The buffer's second page at kAt, and again a page above.
  failures += !check(map_at(buffer, kAt, kPage, kPage, kRx) == int64_t(kAt), kTest, "map at");
  failures += !check(map_at(buffer, kAt + kPage, kPage, kPage, abi::kProtRead) == int64_t(kAt + kPage), kTest,
                     "map the same page again");
  failures += !check_error(map_at(buffer, kAt, 0, kPage, kRx), Error::AlreadyExists, kTest, "map over a mapping");
  if (failures) return failures;
  asm volatile("fence.i" ::: "memory");
  auto run = reinterpret_cast<int (*)()>(kAt);
  failures += !check(run() == 42, kTest, "the code did not run from the mapping");
  auto* again = reinterpret_cast<volatile uint32_t*>(kAt + kPage);
  words[kPage / 4] = 0x12345678;
  failures += !check(again[0] == 0x12345678, kTest, "a write did not show through the other mapping");
  // Loading never writes a shared mapping that is not writable.
  failures += !check_error(sys::process_write(0, kAt, kReturn42, sizeof kReturn42), Error::BadAddress, kTest,
                           "process_write into the read-only mapping");
  sys::mem_unmap(kAt, kPage);
  sys::mem_unmap(kAt + kPage, kPage);
  sys::mem_unmap(uint64_t(writable), 2 * kPage);
  return failures;
}

// Into another process, as procmgr maps text: builder calls cannot write
// it either.
int into_child(int64_t buffer) {
  int64_t child = sys::process_create("mapat", 5);
  if (!check(!sys::failed(child), kTest, "process_create")) return 1;
  int failures = 0;
  failures += !check(map_at(buffer, kAt, 0, kPage, kRx, uint32_t(child)) == int64_t(kAt), kTest,
                     "map into a child");
  failures += !check_error(sys::process_write(uint32_t(child), kAt, kReturn42, sizeof kReturn42),
                           Error::BadAddress, kTest, "process_write into a child's shared text");
  sys::handle_close(uint32_t(child));
  return failures;
}

// All of it with a buffer of its own; the number of failures.
int round() {
  int64_t buffer = sys::membuf_create(2 * kPage);
  if (!check(!sys::failed(buffer), kTest, "membuf_create")) return 1;
  int failures = bad_arguments(buffer) + shared_code(buffer) + into_child(buffer);
  sys::handle_close(uint32_t(buffer));
  return failures;
}

}  // namespace

int test_map_at() {
  // Twice: the first round may make page tables that stay; the second must
  // give back every frame it took.
  int failures = round();
  uint64_t before = sys::kernel_memory().free_frames;
  failures += round();
  uint64_t after = sys::kernel_memory().free_frames;
  if (!check(after == before, kTest, "frames did not come back")) {
    printf("mapat: free frames %lu before, %lu after\n", before, after);
    ++failures;
  }
  if (failures == 0) printf("PASS %s\n", kTest);
  return failures;
}

}  // namespace ktest
