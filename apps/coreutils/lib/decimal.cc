#include "decimal.h"

#include <stdio.h>

namespace coreutils {

namespace {
constexpr int kMaxDigits = 18;  // 10^18 fits in int64_t
}

bool parse_decimal(const char* text, Decimal& out) {
  const char* p = text;
  bool negative = *p == '-';
  if (*p == '-' || *p == '+') ++p;
  int64_t scaled = 0;
  int digits = 0, places = 0;
  bool point = false;
  for (; *p; ++p) {
    if (*p == '.' && !point) {
      point = true;
      continue;
    }
    if (*p < '0' || *p > '9') return false;
    if (++digits > kMaxDigits) return false;
    scaled = scaled * 10 + (*p - '0');
    if (point) ++places;
  }
  if (digits == 0) return false;
  out.scaled = negative ? -scaled : scaled;
  out.places = places;
  return true;
}

bool rescale(const Decimal& value, int places, Decimal& out) {
  int64_t scaled = value.scaled;
  for (int i = value.places; i < places; ++i) {
    if (__builtin_mul_overflow(scaled, 10, &scaled)) return false;
  }
  out.scaled = scaled;
  out.places = places;
  return true;
}

size_t format_decimal(const Decimal& value, char* out, size_t capacity) {
  // The magnitude, unsigned: -INT64_MIN does not fit in int64_t.
  uint64_t magnitude = value.scaled < 0 ? 0 - uint64_t(value.scaled) : uint64_t(value.scaled);
  uint64_t unit = 1;
  for (int i = 0; i < value.places; ++i) unit *= 10;
  const char* sign = value.scaled < 0 ? "-" : "";
  int n;
  if (value.places == 0) {
    n = snprintf(out, capacity, "%s%llu", sign, static_cast<unsigned long long>(magnitude));
  } else {
    n = snprintf(out, capacity, "%s%llu.%0*llu", sign, static_cast<unsigned long long>(magnitude / unit),
                 value.places, static_cast<unsigned long long>(magnitude % unit));
  }
  return size_t(n);
}

}  // namespace coreutils
