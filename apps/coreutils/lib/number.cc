#include "number.h"

namespace coreutils {

bool parse_unsigned(const char* text, uint64_t& out) {
  if (*text == '\0') return false;
  uint64_t value = 0;
  for (const char* p = text; *p; ++p) {
    if (*p < '0' || *p > '9') return false;
    if (__builtin_mul_overflow(value, 10, &value) || __builtin_add_overflow(value, uint64_t(*p - '0'), &value)) {
      return false;
    }
  }
  out = value;
  return true;
}

bool parse_signed(const char* text, int64_t& out) {
  bool negative = *text == '-';
  uint64_t magnitude = 0;
  if (!parse_unsigned(text + (negative ? 1 : 0), magnitude)) return false;
  if (magnitude > (negative ? uint64_t(INT64_MAX) + 1 : uint64_t(INT64_MAX))) return false;
  out = negative ? int64_t(0 - magnitude) : int64_t(magnitude);
  return true;
}

}  // namespace coreutils
