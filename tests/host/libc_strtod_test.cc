// strtod's engine (libc/src/impl/strtod_impl.h) against glibc's strtod,
// strtof and strtof128, bit for bit, with the same end pointer and ERANGE.
#include "../../libc/src/impl/strtod_impl.h"

#include <doctest/doctest.h>

#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace lib = tessera::libc;

namespace {

using u128 = unsigned __int128;

u128 with_sign(const lib::ParsedFloat& r, int sign_bit) { return r.bits | (u128(r.negative) << sign_bit); }

std::string hex(u128 v) {
  char text[40];
  snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(v >> 64),
           static_cast<unsigned long long>(v));
  return text;
}

// Compares one input in all three formats; returns whether all agreed.
bool agrees(const std::string& input) {
  const char* s = input.c_str();
  char* their_end;
  bool ok = true;

  errno = 0;
  double d = strtod(s, &their_end);
  bool d_range = errno == ERANGE;
  uint64_t d_bits;
  memcpy(&d_bits, &d, sizeof d);
  lib::ParsedFloat r = lib::parse_float(s, lib::kBinary64);
  bool nan = std::isnan(d);
  // glibc keeps the sign of "-nan"; the payload is the default quiet NaN either way.
  if ((!nan && with_sign(r, 63) != d_bits) || (nan && (r.bits >> 51) != 0xfff) || r.end != their_end ||
      r.range_error != d_range) {
    ok = false;
    MESSAGE("double: ", input.substr(0, 80), " ours ", hex(with_sign(r, 63)), " glibc ", hex(d_bits),
            " range ", r.range_error, "/", d_range);
  }

  errno = 0;
  float f = strtof(s, &their_end);
  bool f_range = errno == ERANGE;
  uint32_t f_bits;
  memcpy(&f_bits, &f, sizeof f);
  r = lib::parse_float(s, lib::kBinary32);
  if ((!nan && with_sign(r, 31) != f_bits) || r.end != their_end || r.range_error != f_range) {
    ok = false;
    MESSAGE("float: ", input.substr(0, 80), " ours ", hex(with_sign(r, 31)), " glibc ", hex(f_bits));
  }

  errno = 0;
  _Float128 q = strtof128(s, &their_end);
  bool q_range = errno == ERANGE;
  u128 q_bits;
  memcpy(&q_bits, &q, sizeof q);
  r = lib::parse_float(s, lib::kBinary128);
  if ((!nan && with_sign(r, 127) != q_bits) || r.end != their_end || r.range_error != q_range) {
    ok = false;
    MESSAGE("binary128: ", input.substr(0, 80), " ours ", hex(with_sign(r, 127)), " glibc ", hex(q_bits));
  }
  return ok;
}

std::string printed(const char* format, double value) {
  char text[2000];
  snprintf(text, sizeof text, format, value);
  return text;
}

std::string printed_long(const char* format, long double value) {
  char text[2000];
  snprintf(text, sizeof text, format, value);
  return text;
}

double from_bits(uint64_t bits) {
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}

}  // namespace

TEST_CASE("syntax: signs, spaces, hex, inf and nan, and where parsing stops") {
  for (const char* s : {"0", "-0", "+0", "  1.5", "\t\n-2.25e3x", "", "   ", "-", "+", ".", ".5", "5.", "-.5e-2",
                        "1e", "1e+", "1e-x", "1.5e3.2", "0x", "0x.", "0x.8", "0x1p", "0x1P-2", "0X1.8p3", "-0x1.fffp+1023",
                        "0xg", "inf", "-INF", "infinity", "Infinityx", "infin", "nan", "-NaN", "nan()", "nan(123abc)",
                        "nan(", "nan(1", "nanx", "in", "1e999999999999999999", "1e-999999999999999999", "00000.000001",
                        "0e1000000", "123456789012345678901234567890", "1.7976931348623157e308", "1.7976931348623159e308",
                        "2.4703282292062327e-324", "2.4703282292062328e-324", "4.9406564584124654e-324", "1e-400",
                        "3.4028235e38", "3.4028236e38", "1.4e-45", "7e-46", "0x1p-1074", "0x1p-1075", "0x1.8p-1075",
                        "0x1.fffffffffffff8p1023", "0x123456789abcdef0123456789abcdef0p0", "0x.00000000000000000000000001p0",
                        "1.18973149535723176502e+4932", "1.18973149535723176508e+4932", "6.475e-4966", "3.6e-4951"}) {
    CHECK_MESSAGE(agrees(s), s);
  }
}

TEST_CASE("decimal text of random doubles converts back to the same bits") {
  std::mt19937_64 random(20260612);
  int failures = 0;
  for (int i = 0; i < 4000; ++i) {
    double value = from_bits(random());
    if (std::isnan(value)) continue;
    for (const char* format : {"%.17g", "%.16e", "%.25e", "%.9g", "%a"}) {
      if (!agrees(printed(format, value))) ++failures;
    }
  }
  CHECK(failures == 0);
}

TEST_CASE("ties and near-ties between neighbouring doubles and floats round as glibc does") {
  std::mt19937_64 random(99);
  int failures = 0;
  for (int i = 0; i < 1500; ++i) {
    // The midpoint of two neighbouring doubles is exact in x87's 64-bit
    // significand; its full decimal expansion is a tie, and nudging the
    // last digit makes near-ties on either side.
    double low = from_bits(random() >> (i % 3 == 0 ? 12 : 1));
    if (!std::isfinite(low)) continue;
    long double middle = (static_cast<long double>(low) + std::nextafter(low, INFINITY)) / 2;
    std::string tie = printed_long("%.800Lg", middle);
    if (!agrees(tie)) ++failures;
    size_t e = tie.find('e');
    std::string mantissa = tie.substr(0, e);
    std::string exponent = e == std::string::npos ? "" : tie.substr(e);
    if (!agrees(mantissa + "000000001" + exponent)) ++failures;
    if (mantissa.find('.') == std::string::npos) mantissa += ".";
    if (!agrees(mantissa + "0000000000000000000000000000001" + exponent)) ++failures;
  }
  // float midpoints are exact doubles.
  for (int i = 0; i < 1500; ++i) {
    uint32_t bits = static_cast<uint32_t>(random()) & 0x7f7fffff;
    float low;
    memcpy(&low, &bits, sizeof low);
    double middle = (static_cast<double>(low) + std::nextafter(low, INFINITY)) / 2;
    if (!agrees(printed("%.200g", middle))) ++failures;
  }
  CHECK(failures == 0);
}

TEST_CASE("more than 800 significant digits still round correctly") {
  std::string ones(1200, '1');
  CHECK(agrees(ones));
  CHECK(agrees("0." + ones));
  CHECK(agrees("0." + std::string(1100, '0') + ones));
  // Half the smallest subnormal is a tie (to zero); a 1 far past the cut
  // makes it round up.
  std::string half = printed_long("%.1100Lg", 0x1p-1075L);
  CHECK(agrees(half));
  CHECK(agrees(half.substr(0, half.find('e')) + std::string(1000, '0') + "1" + half.substr(half.find('e'))));
  CHECK(agrees(printed("%.1100g", 0x1p-1074)));
}
