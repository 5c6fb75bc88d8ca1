// printf's floating conversions (common/format_float.cc) against the host
// C library (glibc), byte for byte, over a corpus of doubles: random bit
// patterns from a fixed seed, powers of ten, exact halfway cases,
// subnormals and the extremes.
#include <doctest/doctest.h>

#include <cfloat>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "format.h"
#include "format_float.h"

namespace {

std::string ours(const char* format, ...) {
  char buffer[6000];
  va_list args;
  va_start(args, format);
  int n = fmt::vsnprintf(buffer, sizeof buffer, format, args, fmt::format_floating);
  va_end(args);
  CHECK(n == static_cast<int>(strlen(buffer)));
  return buffer;
}

std::string theirs(const char* format, ...) {
  char buffer[6000];
  va_list args;
  va_start(args, format);
  vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  return buffer;
}

std::string without_floats(const char* format, ...) {
  char buffer[64];
  va_list args;
  va_start(args, format);
  fmt::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  return buffer;
}

double from_bits(uint64_t bits) {
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}

std::vector<double> corpus() {
  std::vector<double> values = {0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.5, 3.5, -2.5, 0.125, 0.375, 9.5, 99.5,
                                999.5, 0.05, 0.25, 0.35, 1e-5, 9.9999999e-5, 0.0001, 123456.5, 1e15, 1e16, 1e17,
                                9007199254740993.0, DBL_MAX, -DBL_MAX, DBL_MIN, DBL_TRUE_MIN, DBL_EPSILON,
                                M_PI, M_E, 1.0 / 3, 2.0 / 3, 999999.5, 9999995.0, 0.000099999, 5e-324, 1e-310,
                                INFINITY, -INFINITY, NAN, -NAN};
  for (int e = -330; e <= 308; ++e) values.push_back(strtod(("1e" + std::to_string(e)).c_str(), nullptr));
  // n + 1/2^k: ties at many decimal positions.
  for (int k = 1; k <= 12; ++k) {
    for (int n = 0; n < 40; n += 3) values.push_back(n + std::ldexp(1.0, -k));
  }
  std::mt19937_64 random(20260612);
  for (int i = 0; i < 3000; ++i) values.push_back(from_bits(random()));
  // Subnormals and numbers near the top.
  for (int i = 0; i < 200; ++i) values.push_back(from_bits(random() >> 12));
  for (int i = 0; i < 100; ++i) values.push_back(from_bits(0x7fe0000000000000 | (random() >> 12)));
  return values;
}

// glibc drops the zeros that '#' must keep when %g's rounding carries into
// a new power of ten (C11 7.21.6.1: "trailing zeros are not removed");
// those cases are checked against the standard's text below.
bool glibc_drops_alternate_zeros(const char* format, double value) {
  return (strcmp(format, "%#.3g") == 0 && value == 999.5) || (strcmp(format, "%#g") == 0 && value == 999999.5);
}

const char* const kFormats[] = {
    "%f",     "%.0f",   "%.1f",    "%.3f",   "%.17f",   "%.40f",   "%#.0f",   "%e",     "%.0e",
    "%.3e",   "%.16e",  "%.25e",   "%#.0e",  "%E",      "%g",      "%.0g",    "%.1g",   "%.3g",
    "%.17g",  "%.30g",  "%#g",     "%#.3g",  "%G",      "%a",      "%.0a",    "%.1a",   "%.3a",
    "%.20a",  "%#.0a",  "%A",      "%F",     "%+12.4e", "%-14.3f|", "%014.3f", "% g",   "%015a",
    "%+.2a",  "%-20g|", "%020.10e", "%#20.0f", "%.5f",   "%12.8g",
};

}  // namespace

TEST_CASE("floating conversions match glibc byte for byte") {
  int mismatches = 0;
  for (double value : corpus()) {
    for (const char* format : kFormats) {
      std::string a = ours(format, value);
      std::string b = theirs(format, value);
      if (glibc_drops_alternate_zeros(format, value)) continue;
      if (a != b && ++mismatches <= 20) {
        char bits[40];
        uint64_t u;
        memcpy(&u, &value, sizeof u);
        snprintf(bits, sizeof bits, "%016llx", static_cast<unsigned long long>(u));
        CHECK_MESSAGE(a == b, format, " of ", bits, ": ours ", a, " glibc ", b);
      }
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("long double conversions match glibc (the host's extended format)") {
  std::mt19937_64 random(7);
  std::vector<long double> values = {0.0L, 1.0L, 0.1L, 2.5L, LDBL_MAX, LDBL_MIN, LDBL_TRUE_MIN, 1e4000L, 1e-4000L};
  for (int i = 0; i < 200; ++i) values.push_back(std::ldexp(static_cast<long double>(random()), (int)(random() % 32000) - 16000));
  for (long double value : values) {
    for (const char* format : {"%Lf", "%.3Le", "%.25Lg", "%.0Lf", "%.40Le"}) {
      CHECK_MESSAGE(ours(format, value) == theirs(format, value), format);
    }
  }
}

TEST_CASE("floating conversions mix with the others and take their arguments in order") {
  CHECK(ours("%d %.2f %s %e %c", 7, 2.345, "x", 1e10, 'z') == theirs("%d %.2f %s %e %c", 7, 2.345, "x", 1e10, 'z'));
  CHECK(ours("%*.*f|%-*g", 10, 3, M_PI, 8, 0.5) == theirs("%*.*f|%-*g", 10, 3, M_PI, 8, 0.5));
}

TEST_CASE("without a float formatter the conversion prints as written (the kernel's engine)") {
  CHECK(without_floats("a%fb%d", 5) == "a%fb5");
}
TEST_CASE("'#' keeps %g's trailing zeros when rounding carries into a new power of ten") {
  CHECK(ours("%#.3g", 999.5) == "1.00e+03");
  CHECK(ours("%#g", 999999.5) == "1.00000e+06");
  CHECK(ours("%#.3g", 99.95) == theirs("%#.3g", 99.95));
}
