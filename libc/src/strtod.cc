// strtod, strtof, strtold and atof over the exact engine in impl/strtod_impl.h.
#include <errno.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "impl/strtod_impl.h"

namespace lib = tessera::libc;

namespace {

template <typename Float, typename Bits>
Float convert(const char* s, char** end, const lib::FloatFormat& format) {
  lib::ParsedFloat r = lib::parse_float(s, format);
  if (end) *end = const_cast<char*>(r.end);
  if (r.range_error) errno = ERANGE;
  Bits bits = static_cast<Bits>(r.bits) | (static_cast<Bits>(r.negative) << (sizeof(Bits) * 8 - 1));
  Float value;
  memcpy(&value, &bits, sizeof value);
  return value;
}

}  // namespace

extern "C" {

double strtod(const char* s, char** end) { return convert<double, uint64_t>(s, end, lib::kBinary64); }

float strtof(const char* s, char** end) { return convert<float, uint32_t>(s, end, lib::kBinary32); }

// lp64d's long double is IEEE binary128.
static_assert(LDBL_MANT_DIG == 113);
long double strtold(const char* s, char** end) {
  return convert<long double, unsigned __int128>(s, end, lib::kBinary128);
}

double atof(const char* s) { return strtod(s, nullptr); }

}  // extern "C"
