// What the compiler expects of a freestanding C++ environment: the memory
// primitives it emits calls to, and the pure-virtual handler.
#include <cstddef>
#include <cstdint>

#include "debug/console.h"

extern "C" {

namespace {

// Word loops eight words a round: program loading and IPC copy whole pages,
// and the loop's own instructions are most of a one-word round.
[[gnu::always_inline]] inline void copy_words(uint64_t* d, const uint64_t* s, size_t words) {
  for (; words >= 8; words -= 8, d += 8, s += 8) {
    uint64_t w0 = s[0], w1 = s[1], w2 = s[2], w3 = s[3], w4 = s[4], w5 = s[5], w6 = s[6], w7 = s[7];
    d[0] = w0, d[1] = w1, d[2] = w2, d[3] = w3, d[4] = w4, d[5] = w5, d[6] = w6, d[7] = w7;
  }
  for (; words > 0; --words) *d++ = *s++;
}

[[gnu::always_inline]] inline void fill_words(uint64_t* d, uint64_t value, size_t words) {
  for (; words >= 8; words -= 8, d += 8) {
    d[0] = value, d[1] = value, d[2] = value, d[3] = value, d[4] = value, d[5] = value, d[6] = value, d[7] = value;
  }
  for (; words > 0; --words) *d++ = value;
}

}  // namespace

void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  // Equally misaligned: bytes up to a word boundary, then words. (A short
  // copy is cheaper byte by byte than the alignment work.)
  if (n >= 32 && ((reinterpret_cast<uintptr_t>(d) ^ reinterpret_cast<uintptr_t>(s)) & 7) == 0) {
    for (; (reinterpret_cast<uintptr_t>(d) & 7) && n > 0; --n) *d++ = *s++;
    copy_words(reinterpret_cast<uint64_t*>(d), reinterpret_cast<const uint64_t*>(s), n / 8);
    d += n & ~size_t{7};
    s += n & ~size_t{7};
    n &= 7;
  }
  for (; n > 0; --n) *d++ = *s++;
  return dst;
}

void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  if (d < s) {
    for (size_t i = 0; i < n; ++i) d[i] = s[i];
  } else {
    for (size_t i = n; i > 0; --i) d[i - 1] = s[i - 1];
  }
  return dst;
}

void* memset(void* dst, int value, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto byte = static_cast<unsigned char>(value);
  for (; (reinterpret_cast<uintptr_t>(d) & 7) && n > 0; --n) *d++ = byte;
  fill_words(reinterpret_cast<uint64_t*>(d), byte * 0x0101010101010101ull, n / 8);
  d += n & ~size_t{7};
  for (n &= 7; n > 0; --n) *d++ = byte;
  return dst;
}

int memcmp(const void* a, const void* b, size_t n) {
  auto* x = static_cast<const unsigned char*>(a);
  auto* y = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

void* memchr(const void* s, int c, size_t n) {
  auto* p = static_cast<const unsigned char*>(s);
  for (size_t i = 0; i < n; ++i) {
    if (p[i] == static_cast<unsigned char>(c)) return const_cast<unsigned char*>(p + i);
  }
  return nullptr;
}

size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

void __cxa_pure_virtual() { kernel::panic("pure virtual function called"); }

}  // extern "C"

// Kernel objects are destroyed through KernelObject::release and kfree, never
// delete; a virtual destructor still makes the compiler reference this.
void operator delete(void*) { kernel::panic("operator delete called"); }
void operator delete(void*, size_t) { kernel::panic("operator delete called"); }

// Freestanding library code (string_view::substr) reports misuse through this.
namespace std {
void __throw_out_of_range_fmt(const char* format, ...) { kernel::panic("out of range: %s", format); }
}  // namespace std
