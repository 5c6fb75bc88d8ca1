// strtod's engine for any IEEE binary format, as inline code in
// tessera::libc for stdlib.cc and the host tests. Decimal input is
// converted exactly with big integers (no floating-point arithmetic), so
// the result is correctly rounded to nearest, ties to even; hexadecimal
// input ("0x1.8p3") is exact by construction. Inputs longer than
// kMaxDigits significant digits keep a sticky last digit, which decides
// every case a double or float can meet (their ties have at most 767
// digits); a long double tie may need more.
#pragma once

#include <stdint.h>

#include "big_integer.h"
#include "ctype_impl.h"

namespace tessera::libc {

struct FloatFormat {
  int precision;     // significand bits, the leading one included
  int min_exponent;  // of the smallest normal number
  int max_exponent;  // of the largest finite number
};

inline constexpr FloatFormat kBinary32{24, -126, 127};
inline constexpr FloatFormat kBinary64{53, -1022, 1023};
inline constexpr FloatFormat kBinary128{113, -16382, 16383};

struct ParsedFloat {
  unsigned __int128 bits = 0;  // the encoding without the sign bit
  bool negative = false;
  bool range_error = false;    // overflow, or an inexact result below the normal range
  const char* end;             // after the number, or the input if there was none
};

namespace strtod_detail {

using u128 = unsigned __int128;

inline constexpr int kMaxDigits = 800;
inline constexpr long kExponentLimit = 1000000;  // beyond any format's range either way

inline u128 infinity_bits(const FloatFormat& f) { return u128(2 * f.max_exponent + 1) << (f.precision - 1); }

inline int bit_length(u128 v) {
  uint64_t high = static_cast<uint64_t>(v >> 64);
  if (high) return 128 - __builtin_clzll(high);
  uint64_t low = static_cast<uint64_t>(v);
  return low ? 64 - __builtin_clzll(low) : 0;
}

// Rounds (q + a fraction if sticky) * 2^e2, q > 0 and at most 124 bits, to the format.
inline void round_binary(ParsedFloat& r, u128 q, long e2, bool sticky, const FloatFormat& f) {
  int length = bit_length(q);
  long lead = e2 + length - 1;
  if (lead > f.max_exponent) {
    r.bits = infinity_bits(f);
    r.range_error = true;
    return;
  }
  long keep = lead >= f.min_exponent ? f.precision : f.precision - (f.min_exponent - lead);
  long drop = length - keep;
  bool inexact = sticky;
  if (drop > length) {
    r.bits = 0;  // below half the smallest subnormal
    r.range_error = true;
    return;
  }
  if (drop > 0) {
    u128 rest = q & ((u128{1} << drop) - 1);
    u128 half = u128{1} << (drop - 1);
    q >>= drop;
    inexact |= rest != 0;
    if (rest > half || (rest == half && (sticky || (q & 1)))) ++q;
  } else {
    q <<= -drop;
  }
  // The encoding is monotonic: a carry out of the significand moves into
  // the exponent field, and past the largest exponent into infinity.
  u128 exponent_field = lead >= f.min_exponent ? u128(lead - f.min_exponent) : 0;
  r.bits = (exponent_field << (f.precision - 1)) + q;
  if (r.bits >= infinity_bits(f)) {
    r.bits = infinity_bits(f);
    r.range_error = true;
  } else if (inexact && r.bits < (u128{1} << (f.precision - 1))) {
    r.range_error = true;
  }
}

inline bool matches(const char* p, const char* word) {
  for (; *word; ++p, ++word) {
    if (tolower(static_cast<unsigned char>(*p)) != *word) return false;
  }
  return true;
}

inline int hex_value(char c) {
  if (isdigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// An optional exponent: a letter, a sign, decimal digits; *p moves past it
// only if it is complete.
inline long parse_exponent(const char*& p, char letter) {
  if (tolower(static_cast<unsigned char>(*p)) != letter) return 0;
  const char* q = p + 1;
  bool negative = *q == '-';
  if (*q == '-' || *q == '+') ++q;
  if (!isdigit(*q)) return 0;
  long value = 0;
  for (; isdigit(*q); ++q) {
    if (value < kExponentLimit) value = value * 10 + (*q - '0');
  }
  p = q;
  return negative ? -value : value;
}

inline bool parse_hex(ParsedFloat& r, const char* p, const FloatFormat& f) {
  bool dot_digit = p[0] == '.' && hex_value(p[1]) >= 0;
  if (hex_value(*p) < 0 && !dot_digit) return false;
  u128 q = 0;
  long e2 = 0;
  bool sticky = false;
  bool fraction = false;
  for (;; ++p) {
    if (*p == '.' && !fraction) {
      fraction = true;
      continue;
    }
    int d = hex_value(*p);
    if (d < 0) break;
    if (q < (u128{1} << 120)) {
      q = q * 16 + d;
      if (fraction) e2 -= 4;
    } else {
      sticky |= d != 0;
      if (!fraction) e2 += 4;
    }
  }
  e2 += parse_exponent(p, 'p');
  r.end = p;
  if (q != 0) round_binary(r, q, e2, sticky, f);
  return true;
}

// D * 10^e10 with D the digit string: the quotient's top P+2 bits and a
// sticky remainder, by binary long division for negative powers.
inline void convert_decimal(ParsedFloat& r, const char* digits, int count, long e10, const FloatFormat& f) {
  BigInteger numerator;
  for (int i = 0; i < count; ++i) numerator.multiply_add(10, static_cast<uint32_t>(digits[i] - '0'));
  int wanted = f.precision + 2;
  if (e10 >= 0) {
    numerator.multiply_by_power_of_ten(static_cast<int>(e10));
    int shift = numerator.bit_length() - wanted;
    bool sticky = shift > 0 && numerator.shift_right(shift);
    round_binary(r, numerator.low_bits(), shift > 0 ? shift : 0, sticky, f);
    return;
  }
  BigInteger divisor;
  divisor.multiply_add(1, 1);
  divisor.multiply_by_power_of_ten(static_cast<int>(-e10));
  // The quotient numerator * 2^t / divisor has P+2 or P+3 bits.
  int t = wanted - numerator.bit_length() + divisor.bit_length();
  if (t > 0) numerator.shift_left(t);
  else divisor.shift_left(-t);
  divisor.shift_left(wanted);
  u128 q = 0;
  for (int i = wanted; i >= 0; --i) {
    if (numerator.compare(divisor) >= 0) {
      numerator.subtract(divisor);
      q |= u128{1} << i;
    }
    divisor.shift_right(1);
  }
  round_binary(r, q, -t, !numerator.is_zero(), f);
}

inline void parse_decimal(ParsedFloat& r, const char* p, const FloatFormat& f) {
  char digits[kMaxDigits + 1];
  int count = 0;
  long e10 = 0;
  bool any_digit = false;
  bool truncated = false;  // a nonzero digit fell past kMaxDigits
  bool fraction = false;
  for (;; ++p) {
    if (*p == '.' && !fraction) {
      fraction = true;
      continue;
    }
    if (!isdigit(*p)) break;
    any_digit = true;
    if (count == 0 && *p == '0') {
      if (fraction) --e10;
    } else if (count < kMaxDigits) {
      digits[count++] = *p;
      if (fraction) --e10;
    } else {
      truncated |= *p != '0';
      if (!fraction) ++e10;
    }
  }
  if (!any_digit) return;
  long exponent = parse_exponent(p, 'e');
  r.end = p;
  if (count == 0) return;
  e10 += exponent;
  // A final 1 stands for the dropped digits: more than the cut value, less
  // than the next value of kMaxDigits digits, and never a tie.
  if (truncated) {
    digits[count++] = '1';
    --e10;
  }
  long leading = count + e10;  // the value lies in [10^(leading-1), 10^leading)
  if (leading - 1 > (f.max_exponent + 1L) * 30103 / 100000 + 1) {
    r.bits = infinity_bits(f);
    r.range_error = true;
  } else if (leading < (f.min_exponent - f.precision) * 30103L / 100000 - 1) {
    r.range_error = true;
  } else {
    convert_decimal(r, digits, count, e10, f);
  }
}

}  // namespace strtod_detail

// Whitespace, a sign, then a decimal or 0x-hexadecimal number, "inf",
// "infinity" or "nan" (optionally "nan(chars)"), in any case.
inline ParsedFloat parse_float(const char* s, const FloatFormat& f) {
  using namespace strtod_detail;
  ParsedFloat r;
  r.end = s;
  const char* p = s;
  while (isspace(static_cast<unsigned char>(*p))) ++p;
  if (*p == '-' || *p == '+') r.negative = *p++ == '-';
  if (matches(p, "inf")) {
    r.bits = infinity_bits(f);
    r.end = p + (matches(p, "infinity") ? 8 : 3);
  } else if (matches(p, "nan")) {
    r.bits = infinity_bits(f) | (u128{1} << (f.precision - 2));
    r.end = p + 3;
    if (*r.end == '(') {
      const char* q = r.end + 1;
      while (isalnum(static_cast<unsigned char>(*q)) || *q == '_') ++q;
      if (*q == ')') r.end = q + 1;
    }
  } else if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && parse_hex(r, p + 2, f)) {
  } else {
    parse_decimal(r, p, f);
  }
  if (r.end == s) r.negative = false;
  return r;
}

}  // namespace tessera::libc
