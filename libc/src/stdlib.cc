#include <stdlib.h>

#include "ipc/syscall.h"

extern "C" {

void exit(int status) { sys::process_exit(status); }

void abort(void) { sys::process_exit(134); }

unsigned long strtoul(const char* s, char** end, int base) {
  while (*s == ' ' || *s == '\t') ++s;
  if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s += 2;
    base = 16;
  } else if (base == 0) {
    base = s[0] == '0' ? 8 : 10;
  }
  unsigned long value = 0;
  for (;; ++s) {
    int digit = *s >= '0' && *s <= '9'   ? *s - '0'
                : *s >= 'a' && *s <= 'z' ? *s - 'a' + 10
                : *s >= 'A' && *s <= 'Z' ? *s - 'A' + 10
                                         : 99;
    if (digit >= base) break;
    value = value * static_cast<unsigned long>(base) + static_cast<unsigned long>(digit);
  }
  if (end) *end = const_cast<char*>(s);
  return value;
}

long strtol(const char* s, char** end, int base) {
  while (*s == ' ' || *s == '\t') ++s;
  bool negative = *s == '-';
  if (*s == '-' || *s == '+') ++s;
  unsigned long magnitude = strtoul(s, end, base);
  return negative ? -static_cast<long>(magnitude) : static_cast<long>(magnitude);
}

int atoi(const char* s) { return static_cast<int>(strtol(s, nullptr, 10)); }

// The C++ runtime: a pure virtual call is a bug in the program.
void __cxa_pure_virtual() { abort(); }

}  // extern "C"
