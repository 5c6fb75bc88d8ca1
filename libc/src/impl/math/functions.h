// <math.h>'s double functions as inline code in tessera::libc::math, for
// math.cc and the host tests: C11 Annex F's special cases, errno (EDOM for
// domain errors, ERANGE for poles, overflow and underflow to zero), and
// the rest in binary128 (elementary.h), rounded once.
#pragma once

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "elementary.h"
#include "reduce.h"
#include "wide.h"

namespace tessera::libc::math {

inline uint64_t bits_of(double x) {
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  return b;
}

inline double from_bits(uint64_t b) {
  double x;
  memcpy(&x, &b, sizeof x);
  return x;
}

inline bool is_nan(double x) { return x != x; }
inline bool is_finite(double x) { return x - x == 0; }
inline double infinity() { return from_bits(0x7ff0000000000000); }
inline double quiet_nan() { return from_bits(0x7ff8000000000000); }
inline double copy_sign(double x, double sign) {
  return from_bits((bits_of(x) & ~(uint64_t{1} << 63)) | (bits_of(sign) & (uint64_t{1} << 63)));
}
inline double fabs(double x) { return from_bits(bits_of(x) & ~(uint64_t{1} << 63)); }

inline double domain_error() {
  errno = EDOM;
  return quiet_nan();
}

// Rounds a binary128 result to double; overflow to infinity and a nonzero
// value that rounds to zero are range errors.
inline double rounded(Wide w) {
  double d = static_cast<double>(w);
  bool finite = w - w == 0;
  if ((finite && !is_finite(d)) || (d == 0 && w != 0)) errno = ERANGE;
  return d;
}

// Rounding to integers by clearing fraction bits.
inline double trunc(double x) {
  uint64_t b = bits_of(x);
  int e = static_cast<int>((b >> 52) & 0x7ff) - 1023;
  if (e >= 52) return x;                                  // already an integer (or inf, nan)
  if (e < 0) return from_bits(b & (uint64_t{1} << 63));  // |x| < 1: a signed zero
  return from_bits(b & ~((uint64_t{1} << (52 - e)) - 1));
}

inline double floor(double x) {
  double t = trunc(x);
  return t > x ? t - 1 : t;
}

inline double ceil(double x) {
  double t = trunc(x);
  return t < x ? t + 1 : t;
}

// Halfway cases away from zero; x - trunc(x) is exact.
inline double round(double x) {
  double t = trunc(x);
  if (fabs(x - t) >= 0.5) t += copy_sign(1, x);
  return t;
}

inline double sqrt(double x) {
  if (x < 0) return domain_error();
  return __builtin_sqrt(x);
}

inline double exp(double x) {
  if (is_nan(x) || x == infinity()) return x;
  if (x == -infinity()) return 0;
  if (x > 710 || x < -746) {
    errno = ERANGE;
    return x > 0 ? infinity() : 0;
  }
  return rounded(exp_wide(static_cast<Wide>(x)));
}

// ln, log2 and log10 share the checks; divisor: 1, ln 2 or ln 10.
inline double log_base(double x, Wide divisor) {
  if (is_nan(x) || x == infinity()) return x;
  if (x < 0) return domain_error();
  if (x == 0) {
    errno = ERANGE;
    return -infinity();
  }
  return static_cast<double>(log_wide(static_cast<Wide>(x)) / divisor);
}

inline double log(double x) { return log_base(x, 1); }
inline double log2(double x) { return log_base(x, ln2()); }
inline double log10(double x) { return log_base(x, ln10()); }

inline bool is_integer(double y) { return is_finite(y) && trunc(y) == y; }
inline bool is_odd_integer(double y) {
  return is_integer(y) && fabs(y) < 9007199254740992.0 && (static_cast<int64_t>(y) & 1);
}

inline double pow(double x, double y) {
  if (y == 0 || x == 1) return 1;
  if (is_nan(x) || is_nan(y)) return x + y;
  bool odd = is_odd_integer(y);
  if (x == 0) {
    if (y > 0) return odd ? x : 0;
    errno = ERANGE;
    return odd ? copy_sign(infinity(), x) : infinity();
  }
  if (!is_finite(y)) {
    if (x == -1) return 1;
    return (fabs(x) < 1) == (y < 0) ? infinity() : 0;
  }
  if (!is_finite(x)) {
    double magnitude = y < 0 ? 0 : infinity();
    return x < 0 && odd ? -magnitude : magnitude;
  }
  if (x < 0 && !is_integer(y)) return domain_error();
  Wide exponent = static_cast<Wide>(y) * log_wide(static_cast<Wide>(fabs(x)));
  double sign = x < 0 && odd ? -1 : 1;
  if (exponent > 1000) {
    errno = ERANGE;
    return sign * infinity();
  }
  if (exponent < -1100) {
    errno = ERANGE;
    return sign * 0.0;
  }
  return sign * rounded(exp_wide(exponent));
}

inline double sin(double x) {
  if (x == 0 || is_nan(x)) return x;
  if (!is_finite(x)) return domain_error();
  Reduced q = reduce_half_pi(x);
  Wide s = q.quadrant & 1 ? cos_reduced(q.r) : sin_reduced(q.r);
  return static_cast<double>(q.quadrant & 2 ? -s : s);
}

inline double cos(double x) {
  if (is_nan(x)) return x;
  if (!is_finite(x)) return domain_error();
  Reduced q = reduce_half_pi(x);
  Wide c = q.quadrant & 1 ? sin_reduced(q.r) : cos_reduced(q.r);
  return static_cast<double>(q.quadrant == 1 || q.quadrant == 2 ? -c : c);
}

inline double tan(double x) {
  if (x == 0 || is_nan(x)) return x;
  if (!is_finite(x)) return domain_error();
  Reduced q = reduce_half_pi(x);
  Wide s = sin_reduced(q.r);
  Wide c = cos_reduced(q.r);
  return static_cast<double>(q.quadrant & 1 ? -c / s : s / c);
}

inline double atan(double x) {
  if (x == 0 || is_nan(x)) return x;
  if (!is_finite(x)) return static_cast<double>(x > 0 ? pi_over_2() : -pi_over_2());
  return static_cast<double>(atan_wide(static_cast<Wide>(x)));
}

inline double atan2(double y, double x) {
  if (is_nan(x) || is_nan(y)) return x + y;
  bool x_negative = bits_of(x) >> 63;
  Wide angle;
  if (y == 0) {
    return x_negative ? copy_sign(static_cast<double>(pi()), y) : y;
  } else if (x == 0) {
    angle = pi_over_2();
  } else if (!is_finite(x) && !is_finite(y)) {
    angle = x_negative ? 3 * pi() / 4 : pi() / 4;
  } else if (!is_finite(y)) {
    angle = pi_over_2();
  } else if (!is_finite(x)) {
    angle = x_negative ? pi() : 0;
  } else {
    angle = atan_wide(static_cast<Wide>(fabs(y)) / static_cast<Wide>(fabs(x)));
    if (x_negative) angle = pi() - angle;
  }
  double magnitude = static_cast<double>(angle);
  return y < 0 ? -magnitude : magnitude;
}

inline double asin(double x) {
  if (x == 0 || is_nan(x)) return x;
  if (fabs(x) > 1) return domain_error();
  if (fabs(x) == 1) return copy_sign(static_cast<double>(pi_over_2()), x);
  Wide w = x;
  return static_cast<double>(atan_wide(w / sqrt_wide((1 - w) * (1 + w))));
}

inline double acos(double x) {
  if (is_nan(x)) return x;
  if (fabs(x) > 1) return domain_error();
  if (x == 1) return 0;
  if (x == -1) return static_cast<double>(pi());
  Wide w = x;
  return static_cast<double>(2 * atan_wide(sqrt_wide((1 - w) / (1 + w))));
}

inline double sinh(double x) {
  if (x == 0 || !is_finite(x)) return x;
  if (fabs(x) < 1) return static_cast<double>(sinh_small(x));
  if (fabs(x) > 1000) {
    errno = ERANGE;
    return copy_sign(infinity(), x);
  }
  Wide e = exp_wide(static_cast<Wide>(fabs(x)));
  double magnitude = rounded((e - 1 / e) / 2);
  return x < 0 ? -magnitude : magnitude;
}

inline double cosh(double x) {
  if (is_nan(x)) return x;
  if (!is_finite(x)) return infinity();
  if (fabs(x) > 1000) {
    errno = ERANGE;
    return infinity();
  }
  Wide e = exp_wide(static_cast<Wide>(fabs(x)));
  return rounded((e + 1 / e) / 2);
}

inline double tanh(double x) {
  if (x == 0 || is_nan(x)) return x;
  if (fabs(x) > 40) return copy_sign(1, x);
  if (fabs(x) < 1) {
    Wide s = sinh_small(x);
    return static_cast<double>(s / sqrt_wide(1 + s * s));
  }
  Wide e2 = exp_wide(static_cast<Wide>(2 * fabs(x)));
  double magnitude = static_cast<double>((e2 - 1) / (e2 + 1));
  return x < 0 ? -magnitude : magnitude;
}

inline double hypot(double x, double y) {
  if (!is_finite(x) && !is_nan(x)) return infinity();
  if (!is_finite(y) && !is_nan(y)) return infinity();
  if (is_nan(x) || is_nan(y)) return x + y;
  Wide wx = x, wy = y;
  return rounded(sqrt_wide(wx * wx + wy * wy));
}

// x - n y with n = trunc(x / y), exactly: long division of the significands.
inline double fmod(double x, double y) {
  if (is_nan(x) || is_nan(y)) return x + y;
  if (!is_finite(x) || y == 0) return domain_error();
  if (!is_finite(y) || x == 0) return x;
  auto split = [](double v, uint64_t* m) {
    uint64_t b = bits_of(v);
    int biased = static_cast<int>((b >> 52) & 0x7ff);
    *m = (b & ((uint64_t{1} << 52) - 1)) | (biased ? uint64_t{1} << 52 : 0);
    return (biased ? biased : 1) - 1075;
  };
  uint64_t mx, my;
  int ex = split(x, &mx);
  int ey = split(y, &my);
  if (fabs(x) < fabs(y)) return x;
  // Remainders stay below my < 2^53, so a 64-bit shift fits 128 bits.
  u128 r = mx % my;
  for (int n = ex - ey; n > 0;) {
    int step = n < 64 ? n : 64;
    r = (r << step) % my;
    n -= step;
  }
  // r 2^ey is below |y|, so it is a double, and the product is exact.
  double magnitude = static_cast<double>(static_cast<Wide>(static_cast<uint64_t>(r)) * pow2(ey));
  return copy_sign(magnitude, x);
}

inline double ldexp(double x, int n) {
  if (x == 0 || !is_finite(x)) return x;
  if (n > 3000) n = 3000;  // past any double's range either way; keeps 2^n a binary128
  if (n < -3000) n = -3000;
  return rounded(static_cast<Wide>(x) * pow2(n));
}

inline double frexp(double x, int* exponent) {
  *exponent = 0;
  if (x == 0 || !is_finite(x)) return x;
  Wide w = fabs(x);
  int e = exponent_of(w) + 1;
  *exponent = e;
  return copy_sign(static_cast<double>(w * pow2(-e)), x);
}

inline double modf(double x, double* integral) {
  *integral = trunc(x);
  if (!is_finite(x)) return is_nan(x) ? x : copy_sign(0, x);
  return copy_sign(x - *integral, x);
}

}  // namespace tessera::libc::math
