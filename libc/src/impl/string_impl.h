// The bodies of <string.h> and <strings.h> as inline functions in
// tessera::libc: string.cc wraps them as the C functions, and the host tests
// compare them with the host's C library. Only strdup and strndup need
// anything outside this file (malloc).
//
// The copy and fill loops move 8-byte words when source and destination
// share their alignment modulo 8 (RISC-V traps or crawls on misaligned
// words); libc is built with -fno-tree-loop-distribute-patterns so that the
// compiler does not turn these loops back into calls to memcpy and memset.
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ctype_impl.h"

namespace tessera::libc {

typedef uint64_t __attribute__((__may_alias__)) Word;

// The words of a long round: memset's, and copy_forward's. A copy round
// reaches 2 KiB of offsets from one base (a load's or store's 12-bit
// offset: 0 to 2040), so its loop's 3 instructions are spread over 256
// words; a fill stays at 64 words, its code being in every program too.
constexpr size_t kFillRoundWords = 64;
constexpr size_t kCopyRoundWords = 256;

// Copies n bytes upwards and returns dst; safe for overlap when dst
// precedes src. Out of line: memcpy, memmove, strdup and strndup share its
// one copy of the 2 KiB round (two kilobytes of code in every program);
// memcpy and memmove reach it by a tail call. A leaf, so it keeps no frame
// pointer.
[[gnu::noinline, gnu::optimize("omit-frame-pointer")]] inline void* copy_forward(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  if (n >= 16 && ((reinterpret_cast<uintptr_t>(d) ^ reinterpret_cast<uintptr_t>(s)) & 7) == 0) {
    for (; reinterpret_cast<uintptr_t>(d) & 7; --n) *d++ = *s++;
    auto* dw = reinterpret_cast<Word*>(d);
    auto* sw = reinterpret_cast<const Word*>(s);
    // Page-sized copies (a file server's reads) run at the floor of one
    // load and one store a word, give or take the loop's 3 instructions a
    // round.
    constexpr size_t kRoundBytes = kCopyRoundWords * 8;
    if (n >= kRoundBytes) {
      const Word* const rounds_end = sw + n / kRoundBytes * kCopyRoundWords;
      do {
#pragma GCC unroll 256
        for (size_t i = 0; i < kCopyRoundWords; ++i) dw[i] = sw[i];
        dw += kCopyRoundWords;
        sw += kCopyRoundWords;
      } while (sw != rounds_end);
      n %= kRoundBytes;
      if (n == 0) return dst;  // whole pages and blocks end here
    }
    for (; n >= 32; n -= 32, dw += 4, sw += 4) {
      Word a = sw[0], b = sw[1], c = sw[2], e = sw[3];
      dw[0] = a;
      dw[1] = b;
      dw[2] = c;
      dw[3] = e;
    }
    for (; n >= 8; n -= 8) *dw++ = *sw++;
    d = reinterpret_cast<unsigned char*>(dw);
    s = reinterpret_cast<const unsigned char*>(sw);
  }
  while (n--) *d++ = *s++;
  return dst;
}

// Copies n bytes downwards, from the end; safe for overlap when src precedes dst.
inline void copy_backward(unsigned char* d, const unsigned char* s, size_t n) {
  d += n;
  s += n;
  if (n >= 16 && ((reinterpret_cast<uintptr_t>(d) ^ reinterpret_cast<uintptr_t>(s)) & 7) == 0) {
    for (; reinterpret_cast<uintptr_t>(d) & 7; --n) *--d = *--s;
    auto* dw = reinterpret_cast<Word*>(d);
    auto* sw = reinterpret_cast<const Word*>(s);
    for (; n >= 8; n -= 8) *--dw = *--sw;
    d = reinterpret_cast<unsigned char*>(dw);
    s = reinterpret_cast<const unsigned char*>(sw);
  }
  while (n--) *--d = *--s;
}

inline void* memcpy(void* dst, const void* src, size_t n) { return copy_forward(dst, src, n); }

inline void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  if (d <= s || d >= s + n) return copy_forward(d, s, n);
  copy_backward(d, s, n);
  return dst;
}

inline void* memset(void* dst, int value, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto byte = static_cast<unsigned char>(value);
  if (n >= 16) {
    for (; reinterpret_cast<uintptr_t>(d) & 7; --n) *d++ = byte;
    Word pattern = 0x0101010101010101ull * byte;
    auto* dw = reinterpret_cast<Word*>(d);
    for (; n >= kFillRoundWords * 8; n -= kFillRoundWords * 8, dw += kFillRoundWords) {
#pragma GCC unroll 64
      for (size_t i = 0; i < kFillRoundWords; ++i) dw[i] = pattern;
    }
    for (; n >= 32; n -= 32, dw += 4) dw[0] = dw[1] = dw[2] = dw[3] = pattern;
    for (; n >= 8; n -= 8) *dw++ = pattern;
    d = reinterpret_cast<unsigned char*>(dw);
  }
  while (n--) *d++ = byte;
  return dst;
}

inline int memcmp(const void* a, const void* b, size_t n) {
  auto* x = static_cast<const unsigned char*>(a);
  auto* y = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] - y[i];
  }
  return 0;
}

inline void* memchr(const void* s, int c, size_t n) {
  auto* p = static_cast<const unsigned char*>(s);
  for (; n; --n, ++p) {
    if (*p == static_cast<unsigned char>(c)) return const_cast<unsigned char*>(p);
  }
  return nullptr;
}

inline size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

inline size_t strnlen(const char* s, size_t max) {
  size_t n = 0;
  while (n < max && s[n]) ++n;
  return n;
}

inline int strcmp(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return static_cast<unsigned char>(*a) - static_cast<unsigned char>(*b);
}

inline int strncmp(const char* a, const char* b, size_t n) {
  for (; n > 0; --n, ++a, ++b) {
    if (*a != *b || !*a) return static_cast<unsigned char>(*a) - static_cast<unsigned char>(*b);
  }
  return 0;
}

inline int strcasecmp(const char* a, const char* b) {
  for (;; ++a, ++b) {
    int x = tolower(static_cast<unsigned char>(*a));
    int y = tolower(static_cast<unsigned char>(*b));
    if (x != y || !x) return x - y;
  }
}

inline int strncasecmp(const char* a, const char* b, size_t n) {
  for (; n > 0; --n, ++a, ++b) {
    int x = tolower(static_cast<unsigned char>(*a));
    int y = tolower(static_cast<unsigned char>(*b));
    if (x != y || !x) return x - y;
  }
  return 0;
}

inline char* strchr(const char* s, int c) {
  for (;; ++s) {
    if (*s == static_cast<char>(c)) return const_cast<char*>(s);
    if (!*s) return nullptr;
  }
}

inline char* strrchr(const char* s, int c) {
  const char* last = nullptr;
  for (;; ++s) {
    if (*s == static_cast<char>(c)) last = s;
    if (!*s) return const_cast<char*>(last);
  }
}

inline char* strcpy(char* dst, const char* src) {
  char* d = dst;
  while ((*d++ = *src++)) {
  }
  return dst;
}

// Copies at most n characters and pads with NULs to n; no NUL if src is longer.
inline char* strncpy(char* dst, const char* src, size_t n) {
  size_t i = 0;
  for (; i < n && src[i]; ++i) dst[i] = src[i];
  for (; i < n; ++i) dst[i] = '\0';
  return dst;
}

inline char* strcat(char* dst, const char* src) {
  strcpy(dst + strlen(dst), src);
  return dst;
}

// Appends at most n characters of src, then always a NUL.
inline char* strncat(char* dst, const char* src, size_t n) {
  char* d = dst + strlen(dst);
  for (; n && *src; --n) *d++ = *src++;
  *d = '\0';
  return dst;
}

inline size_t strspn(const char* s, const char* accept) {
  size_t n = 0;
  while (s[n] && strchr(accept, s[n])) ++n;
  return n;
}

inline size_t strcspn(const char* s, const char* reject) {
  size_t n = 0;
  while (s[n] && !strchr(reject, s[n])) ++n;
  return n;
}

inline char* strpbrk(const char* s, const char* accept) {
  s += strcspn(s, accept);
  return *s ? const_cast<char*>(s) : nullptr;
}

inline char* strstr(const char* haystack, const char* needle) {
  size_t length = strlen(needle);
  if (length == 0) return const_cast<char*>(haystack);
  for (; (haystack = strchr(haystack, needle[0])); ++haystack) {
    if (strncmp(haystack, needle, length) == 0) return const_cast<char*>(haystack);
  }
  return nullptr;
}

// *save holds the position after the last token between calls.
inline char* strtok_r(char* s, const char* delimiters, char** save) {
  if (!s) s = *save;
  s += strspn(s, delimiters);
  if (!*s) {
    *save = s;
    return nullptr;
  }
  char* end = s + strcspn(s, delimiters);
  if (*end) *end++ = '\0';
  *save = end;
  return s;
}

inline char* strndup(const char* s, size_t max) {
  size_t n = strnlen(s, max);
  auto* copy = static_cast<char*>(::malloc(n + 1));
  if (!copy) return nullptr;
  memcpy(copy, s, n);
  copy[n] = '\0';
  return copy;
}

inline char* strdup(const char* s) { return strndup(s, SIZE_MAX); }

}  // namespace tessera::libc
