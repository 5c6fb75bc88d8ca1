// <string.h>: the C functions over the shared bodies in impl/.
#include <string.h>

#include "impl/strerror_impl.h"
#include "impl/string_impl.h"

namespace lib = tessera::libc;

namespace {
char* strtok_position;
}

extern "C" {

// Tail calls to the copy loop (or leaves): no frame of their own.
[[gnu::optimize("omit-frame-pointer")]] void* memcpy(void* dst, const void* src, size_t n) {
  return lib::memcpy(dst, src, n);
}
[[gnu::optimize("omit-frame-pointer")]] void* memmove(void* dst, const void* src, size_t n) {
  return lib::memmove(dst, src, n);
}
void* memset(void* dst, int value, size_t n) { return lib::memset(dst, value, n); }
int memcmp(const void* a, const void* b, size_t n) { return lib::memcmp(a, b, n); }
void* memchr(const void* s, int c, size_t n) { return lib::memchr(s, c, n); }

size_t strlen(const char* s) { return lib::strlen(s); }
size_t strnlen(const char* s, size_t max) { return lib::strnlen(s, max); }
int strcmp(const char* a, const char* b) { return lib::strcmp(a, b); }
int strncmp(const char* a, const char* b, size_t n) { return lib::strncmp(a, b, n); }
// The "C" locale collates by byte value.
int strcoll(const char* a, const char* b) { return lib::strcmp(a, b); }
size_t strxfrm(char* dst, const char* src, size_t n) {
  size_t length = lib::strlen(src);
  if (length < n) lib::memcpy(dst, src, length + 1);
  return length;
}
char* strchr(const char* s, int c) { return lib::strchr(s, c); }
char* strrchr(const char* s, int c) { return lib::strrchr(s, c); }
char* strstr(const char* haystack, const char* needle) { return lib::strstr(haystack, needle); }
char* strpbrk(const char* s, const char* accept) { return lib::strpbrk(s, accept); }
size_t strspn(const char* s, const char* accept) { return lib::strspn(s, accept); }
size_t strcspn(const char* s, const char* reject) { return lib::strcspn(s, reject); }

char* strcpy(char* dst, const char* src) { return lib::strcpy(dst, src); }
char* strncpy(char* dst, const char* src, size_t n) { return lib::strncpy(dst, src, n); }
char* strcat(char* dst, const char* src) { return lib::strcat(dst, src); }
char* strncat(char* dst, const char* src, size_t n) { return lib::strncat(dst, src, n); }
char* strdup(const char* s) { return lib::strdup(s); }
char* strndup(const char* s, size_t max) { return lib::strndup(s, max); }

char* strtok(char* s, const char* delimiters) { return lib::strtok_r(s, delimiters, &strtok_position); }
char* strtok_r(char* s, const char* delimiters, char** save) { return lib::strtok_r(s, delimiters, save); }

char* strerror(int number) { return lib::strerror(number); }

int strcasecmp(const char* a, const char* b) { return lib::strcasecmp(a, b); }
int strncasecmp(const char* a, const char* b, size_t n) { return lib::strncasecmp(a, b, n); }

}  // extern "C"
