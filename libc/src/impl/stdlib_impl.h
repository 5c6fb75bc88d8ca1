// The bodies of <stdlib.h>'s pure functions (number parsing, sorting,
// searching, environment lookup) as inline code in tessera::libc: stdlib.cc
// wraps them as the C functions, and the host tests compare them with the
// host's C library.
#pragma once

#include <errno.h>
#include <stddef.h>

#include <limits>
#include <type_traits>

#include "ctype_impl.h"

namespace tessera::libc {

// What strto* read: the digits' value (saturated, overflow set) and sign.
struct ParsedInteger {
  unsigned long long magnitude = 0;
  bool negative = false;
  bool overflow = false;
  const char* end;  // after the last digit, or the input if there were none
};

inline int digit_value(char c) {
  if (isdigit(c)) return c - '0';
  if (islower(c)) return c - 'a' + 10;
  if (isupper(c)) return c - 'A' + 10;
  return 99;
}

// Whitespace, a sign, a 0x/0X prefix (base 0 or 16; only if a hex digit
// follows), then digits of base (0 picks 16, 8 or 10 from the prefix).
inline ParsedInteger parse_integer(const char* s, int base) {
  ParsedInteger r{.end = s};
  if (base < 0 || base == 1 || base > 36) {
    errno = EINVAL;
    return r;
  }
  const char* p = s;
  while (isspace(static_cast<unsigned char>(*p))) ++p;
  if (*p == '-' || *p == '+') r.negative = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit(p[2])) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = p[0] == '0' ? 8 : 10;
  }
  const char* digits = p;
  for (int d; (d = digit_value(*p)) < base; ++p) {
    unsigned long long next;
    if (__builtin_mul_overflow(r.magnitude, static_cast<unsigned>(base), &next) ||
        __builtin_add_overflow(next, static_cast<unsigned>(d), &next)) {
      r.overflow = true;
    } else {
      r.magnitude = next;
    }
  }
  if (p != digits) r.end = p;
  return r;
}

// strtoul and strtoull: a '-' negates in the unsigned type, as C says.
template <typename T>
T parse_unsigned(const char* s, char** end, int base) {
  ParsedInteger r = parse_integer(s, base);
  if (end) *end = const_cast<char*>(r.end);
  if (r.overflow || r.magnitude > std::numeric_limits<T>::max()) {
    errno = ERANGE;
    return std::numeric_limits<T>::max();
  }
  T value = static_cast<T>(r.magnitude);
  return r.negative ? T(0) - value : value;
}

// strtol and strtoll: out-of-range values clamp to the type's limits.
template <typename T>
T parse_signed(const char* s, char** end, int base) {
  using U = std::make_unsigned_t<T>;
  ParsedInteger r = parse_integer(s, base);
  if (end) *end = const_cast<char*>(r.end);
  U limit = static_cast<U>(std::numeric_limits<T>::max()) + (r.negative ? 1 : 0);
  if (r.overflow || r.magnitude > limit) {
    errno = ERANGE;
    return r.negative ? std::numeric_limits<T>::min() : std::numeric_limits<T>::max();
  }
  U value = static_cast<U>(r.magnitude);
  return static_cast<T>(r.negative ? U(0) - value : value);
}

using Compare = int (*)(const void*, const void*);

inline void swap_elements(char* a, char* b, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    char t = a[i];
    a[i] = b[i];
    b[i] = t;
  }
}

inline void insertion_sort(char* base, size_t count, size_t size, Compare compare) {
  for (size_t i = 1; i < count; ++i) {
    for (char* p = base + i * size; p > base && compare(p - size, p) > 0; p -= size) swap_elements(p - size, p, size);
  }
}

inline void heap_sort(char* base, size_t count, size_t size, Compare compare) {
  auto sift_down = [&](size_t root, size_t end) {
    for (size_t child; (child = 2 * root + 1) < end; root = child) {
      if (child + 1 < end && compare(base + child * size, base + (child + 1) * size) < 0) ++child;
      if (compare(base + root * size, base + child * size) >= 0) return;
      swap_elements(base + root * size, base + child * size, size);
    }
  };
  for (size_t i = count / 2; i-- > 0;) sift_down(i, count);
  for (size_t end = count; end-- > 1;) {
    swap_elements(base, base + end * size, size);
    sift_down(0, end);
  }
}

// Introsort without recursion: quicksort (median of three, Hoare partition)
// on an explicit stack that holds the larger halves, so it never needs more
// than log2(count) entries; ranges that partition badly too often go to heap
// sort, bounding the time at O(n log n); short ranges to insertion sort.
inline void qsort(void* elements, size_t count, size_t size, Compare compare) {
  constexpr size_t kShort = 12;
  struct Range {
    char* base;
    size_t count;
    unsigned depth;
  };
  Range stack[64];
  unsigned top = 0;
  unsigned depth_limit = 0;
  for (size_t n = count; n > 1; n >>= 1) depth_limit += 2;

  Range r{static_cast<char*>(elements), count, 0};
  for (;;) {
    if (r.count > kShort && r.depth >= depth_limit) {
      heap_sort(r.base, r.count, size, compare);
    } else if (r.count > kShort) {
      char* lo = r.base;
      char* mid = lo + (r.count / 2) * size;
      char* hi = lo + (r.count - 1) * size;
      if (compare(mid, lo) < 0) swap_elements(mid, lo, size);
      if (compare(hi, mid) < 0) {
        swap_elements(hi, mid, size);
        if (compare(mid, lo) < 0) swap_elements(mid, lo, size);
      }
      // Pivot to lo; *hi >= pivot stops the upward scan, the pivot itself the downward one.
      swap_elements(lo, mid, size);
      char* i = lo + size;
      char* j = hi;
      for (;;) {
        while (compare(i, lo) < 0) i += size;
        while (compare(lo, j) < 0) j -= size;
        if (i >= j) break;
        swap_elements(i, j, size);
        i += size;
        j -= size;
      }
      swap_elements(lo, j, size);
      size_t left = static_cast<size_t>(j - lo) / size;
      Range left_range{lo, left, r.depth + 1};
      Range right_range{j + size, r.count - left - 1, r.depth + 1};
      bool left_smaller = left_range.count < right_range.count;
      stack[top++] = left_smaller ? right_range : left_range;
      r = left_smaller ? left_range : right_range;
      continue;
    } else {
      insertion_sort(r.base, r.count, size, compare);
    }
    if (top == 0) return;
    r = stack[--top];
  }
}

inline void* bsearch(const void* key, const void* elements, size_t count, size_t size, Compare compare) {
  auto* base = static_cast<const char*>(elements);
  while (count > 0) {
    const char* middle = base + (count / 2) * size;
    int order = compare(key, middle);
    if (order == 0) return const_cast<char*>(middle);
    if (order > 0) {
      base = middle + size;
      count -= count / 2 + 1;
    } else {
      count /= 2;
    }
  }
  return nullptr;
}

// The value of name in an environment of "NAME=value" strings.
inline char* find_environment(char** environment, const char* name) {
  if (!environment || !*name) return nullptr;
  for (char** entry = environment; *entry; ++entry) {
    const char* e = *entry;
    const char* n = name;
    while (*n && *n != '=' && *n == *e) ++n, ++e;
    if (!*n && *e == '=') return const_cast<char*>(e + 1);
  }
  return nullptr;
}

}  // namespace tessera::libc
