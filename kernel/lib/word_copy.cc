#include "word_copy.h"

namespace kernel {

namespace {

constexpr uint64_t kGroupWords = 8;
constexpr uint64_t kBlockGroups = 8;

// Eight words, loads first.
[[gnu::always_inline]] inline void copy_group(uint64_t* to, const uint64_t* from) {
  uint64_t w0 = from[0], w1 = from[1], w2 = from[2], w3 = from[3];
  uint64_t w4 = from[4], w5 = from[5], w6 = from[6], w7 = from[7];
  to[0] = w0, to[1] = w1, to[2] = w2, to[3] = w3;
  to[4] = w4, to[5] = w5, to[6] = w6, to[7] = w7;
}

}  // namespace

// A leaf that cannot panic: no backtrace passes through it, so it keeps
// no frame pointer.
[[gnu::optimize("omit-frame-pointer")]] void* copy_aligned(uint8_t* to, const uint8_t* from, uint64_t length, void* result) {
  auto* d = reinterpret_cast<uint64_t*>(__builtin_assume_aligned(to, 8));
  auto* s = reinterpret_cast<const uint64_t*>(__builtin_assume_aligned(from, 8));
  uint64_t words = length / 8;
  constexpr uint64_t kBlockWords = kGroupWords * kBlockGroups;
  for (; words >= kBlockWords; words -= kBlockWords, d += kBlockWords, s += kBlockWords) {
#pragma GCC unroll 8
    for (uint64_t g = 0; g < kBlockGroups; ++g) copy_group(d + g * kGroupWords, s + g * kGroupWords);
  }
  // Fewer than 64 words left: the groups from the last down, each case
  // falling into the next, so that no loop counts them.
  uint64_t groups = words / kGroupWords;
  switch (groups) {
    case 7: copy_group(d + 48, s + 48); [[fallthrough]];
    case 6: copy_group(d + 40, s + 40); [[fallthrough]];
    case 5: copy_group(d + 32, s + 32); [[fallthrough]];
    case 4: copy_group(d + 24, s + 24); [[fallthrough]];
    case 3: copy_group(d + 16, s + 16); [[fallthrough]];
    case 2: copy_group(d + 8, s + 8); [[fallthrough]];
    case 1: copy_group(d, s); [[fallthrough]];
    default: break;
  }
  d += groups * kGroupWords;
  s += groups * kGroupWords;
  // Fewer than 8 words: the same.
  switch (words % kGroupWords) {
    case 7: d[6] = s[6]; [[fallthrough]];
    case 6: d[5] = s[5]; [[fallthrough]];
    case 5: d[4] = s[4]; [[fallthrough]];
    case 4: d[3] = s[3]; [[fallthrough]];
    case 3: d[2] = s[2]; [[fallthrough]];
    case 2: d[1] = s[1]; [[fallthrough]];
    case 1: d[0] = s[0]; [[fallthrough]];
    default: break;
  }
  d += words % kGroupWords;
  s += words % kGroupWords;
  // An unaligned length's last bytes: a whole word would write past it.
  auto* db = reinterpret_cast<uint8_t*>(d);
  auto* sb = reinterpret_cast<const uint8_t*>(s);
  for (uint64_t i = 0; i < length % 8; ++i) db[i] = sb[i];
  return result;
}

}  // namespace kernel
