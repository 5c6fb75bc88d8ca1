// <math.h>'s C functions over impl/math/functions.h.
#include <math.h>

#include "impl/math/float_functions.h"

namespace m = tessera::libc::math;

extern "C" {

double sqrt(double x) { return m::sqrt(x); }
double fabs(double x) { return m::fabs(x); }
double floor(double x) { return m::floor(x); }
double ceil(double x) { return m::ceil(x); }
double round(double x) { return m::round(x); }
double trunc(double x) { return m::trunc(x); }
long lround(double x) { return static_cast<long>(m::round(x)); }
double fmod(double x, double y) { return m::fmod(x, y); }
double exp(double x) { return m::exp(x); }
double log(double x) { return m::log(x); }
double log2(double x) { return m::log2(x); }
double log10(double x) { return m::log10(x); }
double pow(double x, double y) { return m::pow(x, y); }
double sin(double x) { return m::sin(x); }
double cos(double x) { return m::cos(x); }
double tan(double x) { return m::tan(x); }
double asin(double x) { return m::asin(x); }
double acos(double x) { return m::acos(x); }
double atan(double x) { return m::atan(x); }
double atan2(double y, double x) { return m::atan2(y, x); }
double sinh(double x) { return m::sinh(x); }
double cosh(double x) { return m::cosh(x); }
double tanh(double x) { return m::tanh(x); }
double hypot(double x, double y) { return m::hypot(x, y); }
double frexp(double x, int* exponent) { return m::frexp(x, exponent); }
double ldexp(double x, int exponent) { return m::ldexp(x, exponent); }
double scalbn(double x, int exponent) { return m::ldexp(x, exponent); }
double modf(double x, double* integral) { return m::modf(x, integral); }
double copysign(double x, double sign) { return m::copy_sign(x, sign); }
// A NaN loses to a number (C11 F.10.9.2).
double fmin(double x, double y) { return m::is_nan(x) ? y : m::is_nan(y) ? x : x < y || (x == y && signbit(x)) ? x : y; }
double fmax(double x, double y) { return m::is_nan(x) ? y : m::is_nan(y) ? x : x > y || (x == y && !signbit(x)) ? x : y; }
double nan(const char*) { return m::quiet_nan(); }

float sqrtf(float x) { return m::as_float<m::sqrt>(x); }
float fabsf(float x) { return m::as_float<m::fabs>(x); }
float floorf(float x) { return m::as_float<m::floor>(x); }
float ceilf(float x) { return m::as_float<m::ceil>(x); }
float roundf(float x) { return m::as_float<m::round>(x); }
float truncf(float x) { return m::as_float<m::trunc>(x); }
float fmodf(float x, float y) { return m::as_float<m::fmod>(x, y); }
float expf(float x) { return m::as_float<m::exp>(x); }
float logf(float x) { return m::as_float<m::log>(x); }
float log2f(float x) { return m::as_float<m::log2>(x); }
float log10f(float x) { return m::as_float<m::log10>(x); }
float powf(float x, float y) { return m::as_float<m::pow>(x, y); }
float sinf(float x) { return m::as_float<m::sin>(x); }
float cosf(float x) { return m::as_float<m::cos>(x); }
float tanf(float x) { return m::as_float<m::tan>(x); }
float asinf(float x) { return m::as_float<m::asin>(x); }
float acosf(float x) { return m::as_float<m::acos>(x); }
float atanf(float x) { return m::as_float<m::atan>(x); }
float atan2f(float y, float x) { return m::as_float<m::atan2>(y, x); }
float sinhf(float x) { return m::as_float<m::sinh>(x); }
float coshf(float x) { return m::as_float<m::cosh>(x); }
float tanhf(float x) { return m::as_float<m::tanh>(x); }
float hypotf(float x, float y) { return m::as_float<m::hypot>(x, y); }
float copysignf(float x, float sign) { return m::as_float<m::copy_sign>(x, sign); }
float ldexpf(float x, int exponent) { return m::narrowed(m::ldexp(x, exponent)); }
float frexpf(float x, int* exponent) { return static_cast<float>(m::frexp(x, exponent)); }
float modff(float x, float* integral) {
  double whole;
  float fraction = static_cast<float>(m::modf(x, &whole));
  *integral = static_cast<float>(whole);
  return fraction;
}

}  // extern "C"
