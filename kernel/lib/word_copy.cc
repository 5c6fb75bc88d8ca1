#include "word_copy.h"

namespace kernel {

namespace {

constexpr uint64_t kGroupWords = 8;
constexpr uint64_t kBlockGroups = 16;
constexpr uint64_t kBlockWords = kGroupWords * kBlockGroups;

// Eight words, loads first.
[[gnu::always_inline]] inline void copy_group(uint64_t* to, const uint64_t* from) {
  uint64_t w0 = from[0], w1 = from[1], w2 = from[2], w3 = from[3];
  uint64_t w4 = from[4], w5 = from[5], w6 = from[6], w7 = from[7];
  to[0] = w0, to[1] = w1, to[2] = w2, to[3] = w3;
  to[4] = w4, to[5] = w5, to[6] = w6, to[7] = w7;
}

}  // namespace

// The cases of a switch on a count of words below a block: case n copies
// word n - 1 and falls into case n - 1, so that one jump enters a straight
// run of the last n words, with no loop to count them.
#define COPY_WORD(n) \
  case n:            \
    d[n - 1] = s[n - 1]; \
    [[fallthrough]];
#define COPY_EIGHT_WORDS(n) \
  COPY_WORD(n + 8) COPY_WORD(n + 7) COPY_WORD(n + 6) COPY_WORD(n + 5) COPY_WORD(n + 4) COPY_WORD(n + 3) \
  COPY_WORD(n + 2) COPY_WORD(n + 1)

// A leaf that cannot panic: no backtrace passes through it, so it keeps
// no frame pointer.
[[gnu::optimize("omit-frame-pointer")]] void* copy_aligned(uint8_t* to, const uint8_t* from, uint64_t length,
                                                           void* result) {
  auto* d = reinterpret_cast<uint64_t*>(__builtin_assume_aligned(to, 8));
  auto* s = reinterpret_cast<const uint64_t*>(__builtin_assume_aligned(from, 8));
  const uint64_t* blocks_end = s + length / (kBlockWords * 8) * kBlockWords;
  for (; s != blocks_end; d += kBlockWords, s += kBlockWords) {
#pragma GCC unroll 16
    for (uint64_t g = 0; g < kBlockGroups; ++g) copy_group(d + g * kGroupWords, s + g * kGroupWords);
  }
  // Fewer than a block's words left.
  uint64_t words = length / 8 % kBlockWords;
  static_assert(kBlockWords == 128);
  switch (words) {
    COPY_EIGHT_WORDS(120) COPY_EIGHT_WORDS(112) COPY_EIGHT_WORDS(104) COPY_EIGHT_WORDS(96)
    COPY_EIGHT_WORDS(88) COPY_EIGHT_WORDS(80) COPY_EIGHT_WORDS(72) COPY_EIGHT_WORDS(64)
    COPY_EIGHT_WORDS(56) COPY_EIGHT_WORDS(48) COPY_EIGHT_WORDS(40) COPY_EIGHT_WORDS(32)
    COPY_EIGHT_WORDS(24) COPY_EIGHT_WORDS(16) COPY_EIGHT_WORDS(8) COPY_EIGHT_WORDS(0)
    default: break;
  }
  d += words;
  s += words;
  // An unaligned length's last bytes: a whole word would write past it.
  auto* db = reinterpret_cast<uint8_t*>(d);
  auto* sb = reinterpret_cast<const uint8_t*>(s);
  for (uint64_t i = 0; i < length % 8; ++i) db[i] = sb[i];
  return result;
}

#undef COPY_EIGHT_WORDS
#undef COPY_WORD

}  // namespace kernel
