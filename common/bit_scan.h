// Bit scans without libgcc. Tessera is built for rv64gc, which has no
// count-zeros instruction (that is Zbb), so std::countl_zero and friends
// become calls to __clzdi2/__ctzdi2 of about 38 instructions each, on the
// hot paths of the kernel's scheduler and kmalloc and of libc's malloc. A
// de Bruijn multiply takes about 8.
#pragma once

#include <cstdint>

namespace tessera::bits {

namespace detail {

// Every 6-bit window of this sequence is different, so the top 6 bits of
// kDeBruijn << n name n.
constexpr uint64_t kDeBruijn = 0x03f79d71b4cb0a89;

struct Index {
  uint8_t of[64];
};

constexpr Index make_index() {
  Index index{};
  for (unsigned n = 0; n < 64; ++n) index.of[(kDeBruijn << n) >> 58] = static_cast<uint8_t>(n);
  return index;
}

inline constexpr Index kIndex = make_index();

}  // namespace detail

// The index of the lowest set bit of x, which must not be 0.
constexpr unsigned lowest_set(uint64_t x) { return detail::kIndex.of[((x & -x) * detail::kDeBruijn) >> 58]; }

// The index of the highest set bit of x, which must not be 0.
constexpr unsigned highest_set(uint64_t x) {
  // Smear the highest bit down, then keep only it.
  x |= x >> 1;
  x |= x >> 2;
  x |= x >> 4;
  x |= x >> 8;
  x |= x >> 16;
  x |= x >> 32;
  return lowest_set(x ^ (x >> 1));
}

// The smallest power of two >= x (1 for 0), for x <= 2^63.
constexpr uint64_t ceil_power_of_two(uint64_t x) { return x <= 1 ? 1 : uint64_t{2} << highest_set(x - 1); }

}  // namespace tessera::bits
