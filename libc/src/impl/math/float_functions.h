// <math.h>'s float functions: the double function, rounded to float. The
// double result is within 1 double ulp (functions.h), so the float is
// within half a float ulp plus a sliver, i.e. within 1 float ulp. A result
// that is finite as a double but not as a float overflowed; a nonzero
// double that becomes zero underflowed: both are ERANGE.
#pragma once

#include <errno.h>

#include "functions.h"

namespace tessera::libc::math {

inline float narrowed(double d) {
  float f = static_cast<float>(d);
  if ((is_finite(d) && !is_finite(f)) || (d != 0 && f == 0)) errno = ERANGE;
  return f;
}

template <double (*F)(double)>
float as_float(float x) {
  return narrowed(F(x));
}

template <double (*F)(double, double)>
float as_float(float x, float y) {
  return narrowed(F(x, y));
}

}  // namespace tessera::libc::math
