#include "format_float.h"

#include <cfloat>
#include <cstdint>
#include <cstring>

namespace fmt {

namespace {

using u128 = unsigned __int128;

// The exact decimal value 0.d[0]d[1]...d[count-1] * 10^point, without
// trailing zeros; count 0 is zero.
struct Decimal {
  char* digits;
  int count;
  int point;

  char digit(int i) const { return i >= 0 && i < count ? digits[i] : '0'; }

  void trim() {
    while (count > 0 && digits[count - 1] == '0') --count;
  }

  // Keeps the first `keep` digits, rounding what follows to nearest, ties
  // to even. Rounding up past the first digit moves the point.
  void round_to(int keep) {
    if (keep >= count) return;
    if (keep < 0) {
      count = 0;
      return;
    }
    char next = digits[keep];
    bool odd = keep > 0 && (digits[keep - 1] - '0') % 2 == 1;
    // Trimmed digits end nonzero, so any digit after `next` makes it more than a tie.
    bool up = next > '5' || (next == '5' && (count > keep + 1 || odd));
    count = keep;
    if (up) {
      int i = keep - 1;
      while (i >= 0 && digits[i] == '9') --i;
      if (i < 0) {
        digits[0] = '1';
        count = 1;
        ++point;
        return;
      }
      ++digits[i];
      count = i + 1;
    }
    trim();
  }
};

constexpr uint32_t kLimbBase = 1000000000;

// Big natural numbers in base 10^9, least significant limb first.
struct BigDecimal {
  uint32_t* limbs;
  int count;

  void multiply(uint64_t factor) {
    uint64_t carry = 0;
    for (int i = 0; i < count; ++i) {
      uint64_t product = limbs[i] * factor + carry;
      limbs[i] = static_cast<uint32_t>(product % kLimbBase);
      carry = product / kLimbBase;
    }
    while (carry) {
      limbs[count++] = static_cast<uint32_t>(carry % kLimbBase);
      carry /= kLimbBase;
    }
  }
};

// mantissa * 2^exponent = (mantissa * 5^-exponent) / 10^-exponent: one big
// integer gives every digit, and the point falls -exponent digits from its end.
Decimal expand(u128 mantissa, int exponent, char* digits, uint32_t* limbs) {
  BigDecimal n{limbs, 0};
  for (; mantissa; mantissa /= kLimbBase) n.limbs[n.count++] = static_cast<uint32_t>(mantissa % kLimbBase);
  for (int e = exponent; e > 0; e -= 32) n.multiply(uint64_t{1} << (e < 32 ? e : 32));
  // 5^13 is the largest power of five whose product with a limb fits 64 bits.
  for (int e = -exponent; e > 0; e -= 13) {
    uint64_t factor = 1;
    for (int i = 0; i < (e < 13 ? e : 13); ++i) factor *= 5;
    n.multiply(factor);
  }
  Decimal d{digits, 0, 0};
  for (int i = n.count - 1; i >= 0; --i) {
    char group[9];
    uint32_t limb = n.limbs[i];
    for (int j = 8; j >= 0; --j, limb /= 10) group[j] = static_cast<char>('0' + limb % 10);
    int j = 0;
    if (i == n.count - 1) {
      while (j < 8 && group[j] == '0') ++j;
    }
    for (; j < 9; ++j) d.digits[d.count++] = group[j];
  }
  d.point = d.count - (exponent < 0 ? -exponent : 0);
  d.trim();
  return d;
}

const char* sign_of(const Spec& spec, bool negative) {
  return negative ? "-" : spec.plus ? "+" : spec.space ? " " : "";
}

void put_exponent(Writer& out, char letter, int exponent, int min_digits) {
  out.put(letter);
  out.put(exponent < 0 ? '-' : '+');
  unsigned magnitude = exponent < 0 ? -exponent : exponent;
  char text[8];
  int n = 0;
  do {
    text[n++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  while (n < min_digits) text[n++] = '0';
  while (n > 0) out.put(text[--n]);
}

int exponent_length(int exponent, int min_digits) {
  int n = 0;
  for (unsigned m = exponent < 0 ? -exponent : exponent; m; m /= 10) ++n;
  return 2 + (n > min_digits ? n : min_digits);
}

// %f with `precision` fraction digits, of a value already rounded to them.
void fixed(Writer& out, const Spec& spec, const char* sign, const Decimal& d, int precision, bool dot) {
  int whole = d.point > 0 ? d.point : 1;
  out.field(spec, sign, whole + (dot ? 1 : 0) + precision, [&] {
    if (d.point <= 0) out.put('0');
    for (int i = 0; i < d.point; ++i) out.put(d.digit(i));
    if (dot) out.put('.');
    for (int i = 0; i < precision; ++i) out.put(d.digit(d.point + i));
  });
}

// %e with `precision` digits after the first, of a value already rounded to them.
void scientific(Writer& out, const Spec& spec, const char* sign, const Decimal& d, int precision, bool dot,
                bool upper) {
  int exponent = d.count ? d.point - 1 : 0;
  out.field(spec, sign, 1 + (dot ? 1 : 0) + precision + exponent_length(exponent, 2), [&] {
    out.put(d.digit(0));
    if (dot) out.put('.');
    for (int i = 1; i <= precision; ++i) out.put(d.digit(i));
    put_exponent(out, upper ? 'E' : 'e', exponent, 2);
  });
}

void decimal(Writer& out, Spec spec, char conversion, const FloatParts& value, char* digits, uint32_t* limbs) {
  Decimal d{digits, 0, 1};
  if (value.kind == FloatParts::Kind::kFinite) d = expand(value.mantissa, value.exponent, digits, limbs);
  const char* sign = sign_of(spec, value.negative);
  int precision = spec.precision < 0 ? 6 : spec.precision;
  bool upper = conversion == 'E' || conversion == 'G';
  if (conversion == 'f' || conversion == 'F') {
    d.round_to(d.point + precision);
    fixed(out, spec, sign, d, precision, precision > 0 || spec.alternate);
  } else if (conversion == 'e' || conversion == 'E') {
    d.round_to(precision + 1);
    scientific(out, spec, sign, d, precision, precision > 0 || spec.alternate, upper);
  } else {
    // %g: the style by the exponent X the value has at P significant digits.
    int significant = precision == 0 ? 1 : precision;
    d.round_to(significant);
    int exponent = d.count ? d.point - 1 : 0;
    bool use_fixed = significant > exponent && exponent >= -4;
    int fraction = use_fixed ? significant - 1 - exponent : significant - 1;
    if (!spec.alternate) {
      int present = use_fixed ? d.count - d.point : d.count - 1;
      if (fraction > present) fraction = present > 0 ? present : 0;
    }
    bool dot = fraction > 0 || spec.alternate;
    if (use_fixed) fixed(out, spec, sign, d, fraction, dot);
    else scientific(out, spec, sign, d, fraction, dot, upper);
  }
}

// %a: one hex digit before the point (1 for normal values, 0 for subnormal
// ones and zero), the exact fraction or the one rounded to the precision.
void hexadecimal(Writer& out, Spec spec, bool upper, const FloatParts& value) {
  const char* hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  int digits = (value.fraction_bits + 3) / 4;
  u128 all = value.mantissa << (digits * 4 - value.fraction_bits);
  int precision = spec.precision;
  if (precision < 0) {
    precision = digits;
    while (precision > 0 && ((all >> ((digits - precision) * 4)) & 0xf) == 0) --precision;
  }
  if (precision < digits) {
    int drop = (digits - precision) * 4;
    u128 rest = all & ((u128{1} << drop) - 1);
    u128 half = u128{1} << (drop - 1);
    all >>= drop;
    if (rest > half || (rest == half && (all & 1))) ++all;
  } else {
    all <<= (precision - digits) * 4;
  }
  int exponent = value.kind == FloatParts::Kind::kZero ? 0 : value.exponent + value.fraction_bits;
  unsigned lead = static_cast<unsigned>(all >> (precision * 4));
  bool dot = precision > 0 || spec.alternate;
  char prefix[4] = {};
  strcpy(prefix, sign_of(spec, value.negative));
  strcat(prefix, upper ? "0X" : "0x");
  out.field(spec, prefix, 1 + (dot ? 1 : 0) + precision + exponent_length(exponent, 1), [&] {
    out.put(hex[lead]);
    if (dot) out.put('.');
    for (int i = precision - 1; i >= 0; --i) out.put(hex[static_cast<unsigned>(all >> (i * 4)) & 0xf]);
    put_exponent(out, upper ? 'P' : 'p', exponent, 1);
  });
}

void special(Writer& out, Spec spec, bool upper, const FloatParts& value) {
  spec.zero = false;
  const char* text = value.kind == FloatParts::Kind::kNan ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
  out.field(spec, sign_of(spec, value.negative), text, 3, 0);
}

// The IEEE interchange layout: sign, biased exponent, fraction; explicit_one
// marks x87's extended format, which stores the leading bit.
FloatParts decode_bits(u128 bits, int exponent_bits, int fraction_bits, bool explicit_one) {
  int stored = fraction_bits + (explicit_one ? 1 : 0);
  u128 fraction = bits & ((u128{1} << stored) - 1);
  int max_biased = (1 << exponent_bits) - 1;
  int biased = static_cast<int>((bits >> stored) & max_biased);
  FloatParts p{};
  p.negative = (bits >> (stored + exponent_bits)) & 1;
  p.fraction_bits = fraction_bits;
  u128 fraction_only = fraction & ((u128{1} << fraction_bits) - 1);
  if (biased == max_biased) {
    p.kind = fraction_only ? FloatParts::Kind::kNan : FloatParts::Kind::kInfinite;
    return p;
  }
  if (biased == 0 && fraction == 0) {
    p.kind = FloatParts::Kind::kZero;
    return p;
  }
  p.kind = FloatParts::Kind::kFinite;
  p.mantissa = fraction;
  if (biased != 0 && !explicit_one) p.mantissa |= u128{1} << fraction_bits;
  int bias = max_biased / 2;
  p.exponent = (biased == 0 ? 1 : biased) - bias - fraction_bits;
  return p;
}

}  // namespace

FloatParts decode(double value) {
  uint64_t bits;
  memcpy(&bits, &value, sizeof bits);
  return decode_bits(bits, 11, 52, false);
}

FloatParts decode(long double value) {
  if constexpr (LDBL_MANT_DIG == DBL_MANT_DIG) {
    return decode(static_cast<double>(value));
  } else {
    static_assert(LDBL_MANT_DIG == 113 || LDBL_MANT_DIG == 64, "binary128 or x87 extended");
    u128 bits = 0;
    memcpy(&bits, &value, LDBL_MANT_DIG == 113 ? 16 : 10);
    return decode_bits(bits, 15, LDBL_MANT_DIG - 1, LDBL_MANT_DIG == 64);
  }
}

// Room for the longest exact expansion: a subnormal's 5^1074 (double) or
// 5^16494 (binary128) times its mantissa.
template <int kMaxDigits>
void format_with_room(Writer& out, const Spec& spec, char conversion, const FloatParts& value) {
  char digits[kMaxDigits];
  uint32_t limbs[kMaxDigits / 9 + 2];
  if (value.kind == FloatParts::Kind::kInfinite || value.kind == FloatParts::Kind::kNan) {
    special(out, spec, conversion >= 'A' && conversion <= 'Z', value);
  } else if (conversion == 'a' || conversion == 'A') {
    hexadecimal(out, spec, conversion == 'A', value);
  } else {
    decimal(out, spec, conversion, value, digits, limbs);
  }
}

void format_float(Writer& out, const Spec& spec, char conversion, const FloatParts& value) {
  if (value.fraction_bits <= 52) format_with_room<800>(out, spec, conversion, value);
  else format_with_room<11600>(out, spec, conversion, value);
}

void format_floating(Writer& out, const Spec& spec, char conversion, bool long_double, va_list* args) {
  format_float(out, spec, conversion, long_double ? decode(va_arg(*args, long double)) : decode(va_arg(*args, double)));
}

}  // namespace fmt
