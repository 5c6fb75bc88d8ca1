// printf's floating conversions (%f %F %e %E %g %G %a %A), correctly
// rounded: decimal output comes from the exact decimal expansion of the
// binary value, rounded once, to nearest with ties to even (what glibc does
// in the default rounding mode). User space only: the kernel does not use
// the FPU, so it never links this file.
#pragma once

#include <cstdarg>

#include "format_spec.h"

namespace fmt {

// A finite binary floating-point value as mantissa * 2^exponent; normal
// values have bit fraction_bits of mantissa set, subnormals have it clear.
struct FloatParts {
  enum class Kind { kZero, kFinite, kInfinite, kNan };
  Kind kind;
  bool negative;
  unsigned __int128 mantissa;
  int exponent;
  int fraction_bits;  // the stored fraction's width (52 for a double)
};

FloatParts decode(double value);
FloatParts decode(long double value);

// Formats value for one conversion with the spec's flags, width and precision.
void format_float(Writer& out, const Spec& spec, char conversion, const FloatParts& value);

// The FloatFormatter libc hands to vformat.
void format_floating(Writer& out, const Spec& spec, char conversion, bool long_double, va_list* args);

}  // namespace fmt
