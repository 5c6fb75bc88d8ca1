// What the compiler expects of a freestanding C++ environment: the memory
// primitives it emits calls to, and the pure-virtual handler.
#include <cstddef>
#include <cstdint>

#include "debug/console.h"

extern "C" {

void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  if (((reinterpret_cast<uintptr_t>(d) | reinterpret_cast<uintptr_t>(s) | n) & 7) == 0) {
    for (size_t i = 0; i < n; i += 8) *reinterpret_cast<uint64_t*>(d + i) = *reinterpret_cast<const uint64_t*>(s + i);
    return dst;
  }
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
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
  if (value == 0 && ((reinterpret_cast<uintptr_t>(d) | n) & 7) == 0) {
    for (size_t i = 0; i < n; i += 8) *reinterpret_cast<uint64_t*>(d + i) = 0;
    return dst;
  }
  for (size_t i = 0; i < n; ++i) d[i] = static_cast<unsigned char>(value);
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
void operator delete(void*, size_t) { kernel::panic("operator delete called"); }

// Freestanding library code (string_view::substr) reports misuse through this.
namespace std {
void __throw_out_of_range_fmt(const char* format, ...) { kernel::panic("out of range: %s", format); }
}  // namespace std
