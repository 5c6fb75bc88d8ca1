// The elementary functions in binary128 (wide.h), for arguments the
// double functions have already checked: series that run until their
// terms no longer change the sum.
#pragma once

#include "wide.h"

namespace tessera::libc::math {

// Adds terms from next_term(n) (n = 1, 2, ...) until one is below the
// sum's last bit.
template <typename NextTerm>
Wide sum_series(Wide sum, NextTerm next_term) {
  for (int n = 1; n < 200; ++n) {
    Wide term = next_term(n);
    Wide grown = sum + term;
    if (grown == sum) break;
    sum = grown;
  }
  return sum;
}

// e^x for |x| < 12000: x = k ln2 + r, |r| < ln2, then Taylor's series.
inline Wide exp_wide(Wide x) {
  auto k = static_cast<int>(x / ln2());
  Wide r = x - k * ln2();
  Wide term = 1;
  Wide sum = sum_series(1, [&](int n) { return term *= r / n; });
  return sum * pow2(k);
}

// ln a for a > 0: a = m 2^e with m in [1/sqrt2, sqrt2], and
// ln m = 2 atanh(s), s = (m - 1)/(m + 1), |s| < 0.172.
inline Wide log_wide(Wide a) {
  int e = exponent_of(a);
  Wide m = a * pow2(-e);
  if (m > 1.4142135623730951) {
    m /= 2;
    ++e;
  }
  Wide s = (m - 1) / (m + 1);
  Wide s2 = s * s;
  Wide power = s;
  Wide series = sum_series(s, [&](int n) { return (power *= s2) / (2 * n + 1); });
  return 2 * series + e * ln2();
}

// sin r and cos r for |r| <= pi/4 (a little more is fine).
inline Wide sin_reduced(Wide r) {
  Wide r2 = r * r;
  Wide term = r;
  return sum_series(r, [&](int n) { return term *= -r2 / ((2 * n) * (2 * n + 1)); });
}

inline Wide cos_reduced(Wide r) {
  Wide r2 = r * r;
  Wide term = 1;
  return sum_series(1, [&](int n) { return term *= -r2 / ((2 * n - 1) * (2 * n)); });
}

// sinh x for |x| < 1, by its series (e^x - e^-x would cancel).
inline Wide sinh_small(Wide x) {
  Wide x2 = x * x;
  Wide term = x;
  return sum_series(x, [&](int n) { return term *= x2 / ((2 * n) * (2 * n + 1)); });
}

// atan t for any finite t: atan t = pi/2 - atan(1/t) above 1, then two
// halvings (atan t = 2 atan(t / (1 + sqrt(1 + t^2)))) to |t| < 0.2.
inline Wide atan_wide(Wide t) {
  if (abs_wide(t) > 1) return (t > 0 ? pi_over_2() : -pi_over_2()) - atan_wide(1 / t);
  for (int i = 0; i < 2; ++i) t = t / (1 + sqrt_wide(1 + t * t));
  Wide t2 = t * t;
  Wide power = t;
  Wide series = sum_series(t, [&](int n) { return (power *= -t2) / (2 * n + 1); });
  return 4 * series;
}

}  // namespace tessera::libc::math
