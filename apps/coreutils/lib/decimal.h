// Decimal numbers for seq, held exactly as integers scaled by a power of
// ten (so `seq 0 0.1 1` steps by exactly 0.1 and ends on 1.0).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace coreutils {

struct Decimal {
  int64_t scaled = 0;  // the value times 10^places
  int places = 0;      // digits after the point, as written
};

// Parses [+-]digits[.digits]; false if that is not all of text or it has
// more than 18 digits.
bool parse_decimal(const char* text, Decimal& out);

// value with `places` digits after the point (places >= value.places);
// false if that does not fit.
bool rescale(const Decimal& value, int places, Decimal& out);

// value as text with its places ("-0.5", "3", "2.50"); returns the length.
size_t format_decimal(const Decimal& value, char* out, size_t capacity);

}  // namespace coreutils
