#include "ipc/stack_image.h"

#include <cstring>

#include "abi/syscall.h"

namespace ipc {

namespace {

uint64_t align_down(uint64_t value, uint64_t alignment) { return value & ~(alignment - 1); }

// Bytes the block takes on the stack: every string with its terminator.
size_t string_bytes(std::span<const char> block) {
  if (block.empty()) return 0;
  return block.size() + (block.back() == '\0' ? 0 : 1);
}

void put_word(std::span<uint8_t> out, size_t at, uint64_t value) { std::memcpy(out.data() + at, &value, 8); }

struct AuxPair {
  uint64_t key, value;
};

// The auxv pairs of one image: AT_PAGESZ, the nine optional pairs
// StackContents can name, AT_NULL (tests/host/loader_stack_test.cc sets
// them all, under ASan).
struct AuxList {
  static constexpr size_t kCapacity = 11;
  AuxPair pairs[kCapacity];
  size_t count = 0;

  AuxPair* add(uint64_t key, uint64_t value) {
    pairs[count] = {key, value};
    return &pairs[count++];
  }
};

// Writes the block's bytes at address `strings` (offset `at` in out) and
// one pointer per string at pointer slot `slot`; returns the next slot.
size_t put_strings(std::span<uint8_t> out, uint64_t base, uint64_t strings, std::span<const char> block,
                   size_t slot) {
  size_t at = strings - base;
  if (!block.empty()) {
    std::memcpy(out.data() + at, block.data(), block.size());
    if (block.back() != '\0') out[at + block.size()] = 0;
  }
  size_t length = string_bytes(block);
  for (size_t i = 0; i < length;) {
    put_word(out, slot, strings + i);
    slot += 8;
    while (i < length && block[i] != '\0') ++i;
    ++i;
  }
  return slot;
}

}  // namespace

size_t count_strings(std::span<const char> block) {
  size_t length = string_bytes(block), count = 0;
  for (size_t i = 0; i < length; ++i) {
    if (i == block.size() || block[i] == '\0') ++count;
  }
  return count;
}

Result<StackImage> build_stack_image(const StackContents& c, std::span<uint8_t> out) {
  if (c.stack_top % 16 != 0) return Error::InvalidArgument;
  // The auxv is listed first and laid out from the list: what the layout
  // reserves and what is written cannot disagree. The handle array's
  // address is filled in once the layout is known.
  AuxList aux;
  aux.add(kAuxPageSize, c.page_size);
  if (c.timebase) aux.add(abi::kAuxTimebase, c.timebase);
  if (c.memory_frames) aux.add(abi::kAuxMemoryFrames, c.memory_frames);
  if (c.inheritance) aux.add(abi::kAuxInheritance, c.inheritance);
  if (c.boot_archive) {
    aux.add(abi::kAuxBootArchive, c.boot_archive);
    aux.add(abi::kAuxBootArchiveSize, c.boot_archive_size);
  }
  if (c.debug_console) aux.add(abi::kAuxDebugConsole, c.debug_console);
  if (c.ready) aux.add(abi::kAuxReady, c.ready);
  AuxPair* handles_pair = nullptr;
  if (!c.handles.empty()) {
    handles_pair = aux.add(abi::kAuxHandles, 0);
    aux.add(abi::kAuxHandleCount, c.handles.size());
  }
  aux.add(kAuxNull, 0);

  size_t argc = count_strings(c.argv), envc = count_strings(c.envp);
  uint64_t strings_length = string_bytes(c.argv) + string_bytes(c.envp);
  uint64_t handles_length = c.handles.size() * sizeof(uint32_t);
  uint64_t words = 1 + (argc + 1) + (envc + 1) + 2 * aux.count;
  // Everything is bounded by out.size(), so nothing below can overflow
  // once this holds.
  uint64_t worst = strings_length + handles_length + words * 8 + 3 * 16;
  if (worst > out.size()) return Error::TooLarge;
  if (c.stack_top < worst) return Error::InvalidArgument;

  uint64_t strings = align_down(c.stack_top - strings_length, 16);
  uint64_t handles = align_down(strings - handles_length, 16);
  uint64_t sp = align_down(handles - words * 8, 16);
  size_t size = c.stack_top - sp;
  std::memset(out.data(), 0, size);

  size_t slot = 0;
  put_word(out, slot, argc);
  slot = put_strings(out, sp, strings, c.argv, slot + 8);
  put_word(out, slot, 0);
  slot = put_strings(out, sp, strings + string_bytes(c.argv), c.envp, slot + 8);
  put_word(out, slot, 0);
  slot += 8;
  if (handles_pair) {
    std::memcpy(out.data() + (handles - sp), c.handles.data(), handles_length);
    handles_pair->value = handles;
  }
  for (size_t i = 0; i < aux.count; ++i, slot += 16) {
    put_word(out, slot, aux.pairs[i].key);
    put_word(out, slot + 8, aux.pairs[i].value);
  }
  return StackImage{sp, size};
}

}  // namespace ipc
