// Argument reduction for sin, cos and tan: x = quadrant * pi/2 + r with
// |r| <= pi/4, exact to far below a double's ulp for every finite double
// (Payne and Hanek's method: x times a window of 2/pi's bits, in integers).
#pragma once

#include <stdint.h>
#include <string.h>

#include "wide.h"

namespace tessera::libc::math {

// The first 1280 bits of 2/pi after the binary point (computed with mpmath).
inline constexpr uint64_t kTwoOverPi[] = {
    0xa2f9836e4e441529, 0xfc2757d1f534ddc0, 0xdb6295993c439041, 0xfe5163abdebbc561, 0xb7246e3a424dd2e0,
    0x06492eea09d1921c, 0xfe1deb1cb129a73e, 0xe88235f52ebb4484, 0xe99c7026b45f7e41, 0x3991d639835339f4,
    0x9c845f8bbdf9283b, 0x1ff897ffde05980f, 0xef2f118b5a0a6d1f, 0x6d367ecf27cb09b7, 0x4f463f669e5fea2d,
    0x7527bac7ebe5f17b, 0x3d0739f78a5292ea, 0x6bfb5fb11f8d5d08, 0x56033046fc7b6bab, 0xf0cfbc209af4361d,
};

struct Reduced {
  int quadrant;  // 0..3
  Wide r;
};

namespace reduce_detail {

// 64 bits of 2/pi starting at bit `first` (bit 1 is the first after the point).
inline uint64_t two_over_pi_bits(int first) {
  int word = (first - 1) / 64;
  int offset = (first - 1) % 64;
  uint64_t high = kTwoOverPi[word] << offset;
  return offset ? high | (kTwoOverPi[word + 1] >> (64 - offset)) : high;
}

// Bits [low, low + count) of the 256-bit z (count <= 128; bits below 0 read as 0).
inline u128 bits_of(const uint64_t z[4], int low, int count) {
  u128 out = 0;
  for (int i = count - 1; i >= 0; --i) {
    int bit = low + i;
    out = (out << 1) | (bit >= 0 && bit < 256 ? (z[bit / 64] >> (bit % 64)) & 1 : 0);
  }
  return out;
}

}  // namespace reduce_detail

inline Reduced reduce_half_pi(double x) {
  using namespace reduce_detail;
  double magnitude = x < 0 ? -x : x;
  if (magnitude <= 0.785398163397448) return {0, x};  // below pi/4: nothing to take off
  uint64_t bits;
  memcpy(&bits, &magnitude, sizeof bits);
  uint64_t m = (bits & ((uint64_t{1} << 52) - 1)) | (uint64_t{1} << 52);
  int s = static_cast<int>(bits >> 52) - 1075;  // magnitude = m * 2^s
  // x * 2/pi mod 4: bits of 2/pi before first give multiples of 4; 192
  // bits from there leave more than 130 fraction bits after any cancellation.
  int first = s - 1 > 1 ? s - 1 : 1;
  uint64_t window[3] = {two_over_pi_bits(first), two_over_pi_bits(first + 64), two_over_pi_bits(first + 128)};
  uint64_t z[4];
  u128 acc = static_cast<u128>(m) * window[2];
  z[0] = static_cast<uint64_t>(acc);
  acc = (acc >> 64) + static_cast<u128>(m) * window[1];
  z[1] = static_cast<uint64_t>(acc);
  acc = (acc >> 64) + static_cast<u128>(m) * window[0];
  z[2] = static_cast<uint64_t>(acc);
  z[3] = static_cast<uint64_t>(acc >> 64);
  int point = first + 191 - s;  // z's fraction bits
  int quadrant = static_cast<int>(bits_of(z, point, 2));
  // The fraction in [0, 1); above one half it becomes (fraction - 1) of the next quadrant.
  bool upper_half = bits_of(z, point - 1, 1) != 0;
  if (upper_half) {
    // 2^point - fraction: two's complement of the low `point` bits.
    uint64_t carry = 1;
    for (uint64_t& limb : z) {
      limb = ~limb + carry;
      carry = carry && limb == 0;
    }
    quadrant = (quadrant + 1) & 3;
  }
  Wide high = static_cast<Wide>(bits_of(z, point - 128, 128)) * pow2(-128);
  Wide low = static_cast<Wide>(bits_of(z, 0, point - 128)) * pow2(-point);
  Wide r = (high + low) * pi_over_2();
  if (upper_half) r = -r;
  if (x < 0) {
    r = -r;
    quadrant = (4 - quadrant) & 3;
  }
  return {quadrant, r};
}

}  // namespace tessera::libc::math
