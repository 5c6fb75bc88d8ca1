// The working precision of <math.h>: IEEE binary128 (113-bit significand),
// which is lp64d's long double (arithmetic in libgcc's soft-float) and
// GCC's __float128 on the host tests. Each double function evaluates in
// it and rounds once at the end, so its error is half an ulp plus about
// 2^-100 relative: the result is correctly rounded except within 2^-47 ulp
// of a tie, and always within 1 ulp. Slower than hand-tuned double code;
// chosen for accuracy that is easy to show.
#pragma once

#include <stdint.h>
#include <string.h>

namespace tessera::libc::math {

#if defined(__riscv)
using Wide = long double;
static_assert(sizeof(long double) == 16 && __LDBL_MANT_DIG__ == 113);
#else
using Wide = __float128;
#endif
using u128 = unsigned __int128;

inline constexpr int kWideBias = 16383;

inline Wide wide_from_bits(uint64_t high, uint64_t low) {
  u128 bits = (u128{high} << 64) | low;
  Wide w;
  memcpy(&w, &bits, sizeof w);
  return w;
}

// Correctly rounded binary128 constants.
inline Wide pi_over_2() { return wide_from_bits(0x3fff921fb54442d1, 0x8469898cc51701b8); }
inline Wide pi() { return wide_from_bits(0x4000921fb54442d1, 0x8469898cc51701b8); }
inline Wide ln2() { return wide_from_bits(0x3ffe62e42fefa39e, 0xf35793c7673007e6); }
inline Wide ln10() { return wide_from_bits(0x400026bb1bbb5551, 0x582dd4adac5705a6); }

// 2^n, exactly, for n in binary128's normal range.
inline Wide pow2(int n) { return wide_from_bits(static_cast<uint64_t>(n + kWideBias) << 48, 0); }

// The exponent e of a positive normal w: w = m * 2^e with m in [1, 2).
inline int exponent_of(Wide w) {
  u128 bits;
  memcpy(&bits, &w, sizeof bits);
  return static_cast<int>((bits >> 112) & 0x7fff) - kWideBias;
}

inline Wide abs_wide(Wide w) { return w < 0 ? -w : w; }

// Square root of a ≥ 0: the double root of the scaled value, then Newton
// steps (53 -> 106 -> 212 correct bits).
inline Wide sqrt_wide(Wide a) {
  if (a == 0) return a;
  int half = exponent_of(a) >> 1;
  Wide m = a * pow2(-2 * half);  // in [1, 4)
  Wide r = __builtin_sqrt(static_cast<double>(m));
  r = (r + m / r) / 2;
  r = (r + m / r) / 2;
  return r * pow2(half);
}

}  // namespace tessera::libc::math
