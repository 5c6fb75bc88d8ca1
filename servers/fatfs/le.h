// Little-endian fields of on-disk structures, read and written byte by byte
// (they need not be aligned).
#pragma once

#include <bit>
#include <cstdint>

namespace fatfs {

inline uint16_t le16(const uint8_t* p) { return uint16_t(p[0] | p[1] << 8); }
inline uint32_t le32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
// The same, for a field known to be aligned to its size: one load
// (__builtin_memcpy: -ffreestanding would make memcpy a call).
static_assert(std::endian::native == std::endian::little);
inline uint16_t le16_aligned(const uint8_t* p) {
  uint16_t v;
  __builtin_memcpy(&v, __builtin_assume_aligned(p, 2), 2);
  return v;
}
inline uint32_t le32_aligned(const uint8_t* p) {
  uint32_t v;
  __builtin_memcpy(&v, __builtin_assume_aligned(p, 4), 4);
  return v;
}
inline void put16(uint8_t* p, uint16_t v) {
  p[0] = uint8_t(v);
  p[1] = uint8_t(v >> 8);
}
inline void put32(uint8_t* p, uint32_t v) {
  put16(p, uint16_t(v));
  put16(p + 2, uint16_t(v >> 16));
}
inline void put16_aligned(uint8_t* p, uint16_t v) { __builtin_memcpy(__builtin_assume_aligned(p, 2), &v, 2); }
inline void put32_aligned(uint8_t* p, uint32_t v) { __builtin_memcpy(__builtin_assume_aligned(p, 4), &v, 4); }

}  // namespace fatfs
