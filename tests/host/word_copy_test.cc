#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "lib/word_copy.h"

using namespace kernel;

namespace {

constexpr uint64_t kSpan = 4200;  // past the IPC buffer's 4,120 bytes
constexpr uint8_t kGuard = 0xee;

// A source whose every byte differs from its neighbours' and from the guard.
std::vector<uint64_t> pattern_words() {
  std::vector<uint64_t> words(kSpan / 8 + 16);
  auto* bytes = reinterpret_cast<uint8_t*>(words.data());
  for (uint64_t i = 0; i < words.size() * 8; ++i) bytes[i] = static_cast<uint8_t>(i * 7 + 1) % kGuard;
  return words;
}

// Copies length bytes between the given word offsets into a guarded
// destination, and checks that exactly those bytes changed, to the source's,
// and that the copy returns what it was given to return.
void check_copy(uint64_t length, uint64_t to_word, uint64_t from_word) {
  CAPTURE(length);
  CAPTURE(to_word);
  CAPTURE(from_word);
  std::vector<uint64_t> source = pattern_words();
  std::vector<uint64_t> target(source.size() + 16);
  auto* from = reinterpret_cast<uint8_t*>(source.data()) + from_word * 8;
  auto* base = reinterpret_cast<uint8_t*>(target.data());
  auto* to = base + to_word * 8;
  std::memset(base, kGuard, target.size() * 8);
  std::vector<uint64_t> original = source;

  int result;  // what the copy hands back, untouched
  CHECK(copy_aligned(to, from, length, &result) == &result);

  CHECK(std::memcmp(to, from, length) == 0);
  uint64_t changed = 0;
  for (uint64_t i = 0; i < target.size() * 8; ++i) {
    bool inside = base + i >= to && base + i < to + length;
    if (!inside && base[i] != kGuard) ++changed;
  }
  CHECK(changed == 0);
  CHECK(source == original);
}

}  // namespace

TEST_CASE("copy_aligned copies every length up to a few blocks exactly, writing nothing past it") {
  for (uint64_t length = 0; length <= 3 * 1024 + 72; ++length) check_copy(length, 0, 0);
}

TEST_CASE("copy_aligned copies an IPC payload's lengths between different word offsets") {
  for (uint64_t length : {4064u, 4088u, 4095u, 4096u, 4120u, 511u, 512u, 513u, 520u, 576u, 1016u}) {
    for (uint64_t to_word : {0u, 1u, 5u}) {
      for (uint64_t from_word : {0u, 3u, 8u}) check_copy(length, to_word, from_word);
    }
  }
}
