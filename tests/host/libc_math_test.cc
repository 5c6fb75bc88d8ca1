// <math.h>'s bodies (libc/src/impl/math) against glibc's libm: within 1 ulp
// on a corpus of each function's interesting ranges and random doubles;
// special cases (signed zeros, infinities, NaN) bit for bit, with errno.
// Where glibc itself is further off (its tanh has 2-ulp errors, its cos and
// tan lose bits on the doubles nearest multiples of pi/2), libquadmath's
// binary128 result, rounded to double, decides: ours must then be it.
#include "../../libc/src/impl/math/float_functions.h"

#include <doctest/doctest.h>

#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <quadmath.h>

namespace lib = tessera::libc::math;

namespace {

int64_t ordered(double x) {
  int64_t i;
  memcpy(&i, &x, sizeof i);
  return i < 0 ? INT64_MIN - i : i;
}

// ulps between two doubles; 0 for two NaNs, huge for a NaN and a number.
uint64_t ulps(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : UINT64_MAX;
  int64_t d = ordered(a) - ordered(b);
  return d < 0 ? -static_cast<uint64_t>(d) : static_cast<uint64_t>(d);
}

double from_bits(uint64_t b) {
  double d;
  memcpy(&d, &b, sizeof d);
  return d;
}

std::mt19937_64 random_source(20261207);

double uniform(double low, double high) { return std::uniform_real_distribution<double>(low, high)(random_source); }

// Random doubles of every magnitude (random bit patterns), finite only.
double any_double() {
  for (;;) {
    double d = from_bits(random_source());
    if (std::isfinite(d)) return d;
  }
}

std::vector<double> corpus(double low, double high, int count) {
  std::vector<double> values;
  for (int i = 0; i < count; ++i) values.push_back(uniform(low, high));
  for (int i = 0; i < count / 4; ++i) values.push_back(any_double());
  for (double v : {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, 10.0, 100.0, 1e-300, -1e-300, 5e-324, DBL_MIN, DBL_MAX,
                   -DBL_MAX, M_PI, M_PI / 2, M_PI / 4, -M_PI, 1e22, 1e300, 0.1, 709.7, -745.1, 710.0, 1e-8}) {
    values.push_back(v);
  }
  return values;
}

using Referee = __float128 (*)(__float128);
using Referee2 = __float128 (*)(__float128, __float128);

void within_one_ulp(const char* name, double (*ours)(double), double (*glibc)(double), Referee referee,
                    const std::vector<double>& xs) {
  int failures = 0;
  for (double x : xs) {
    double a = ours(x), b = glibc(x);
    uint64_t d = ulps(a, b);
    if (d > 1 && ulps(a, static_cast<double>(referee(x))) != 0 && ++failures <= 5) {
      char text[160];
      snprintf(text, sizeof text, "%s(%a): ours %a glibc %a", name, x, a, b);
      CHECK_MESSAGE(d <= 1, text);
    }
  }
  CHECK_MESSAGE(failures == 0, name);
}

void within_one_ulp2(const char* name, double (*ours)(double, double), double (*glibc)(double, double),
                     Referee2 referee, const std::vector<std::pair<double, double>>& xs) {
  int failures = 0;
  for (auto [x, y] : xs) {
    double a = ours(x, y), b = glibc(x, y);
    if (ulps(a, b) > 1 && ulps(a, static_cast<double>(referee(x, y))) != 0 && ++failures <= 5) {
      char text[200];
      snprintf(text, sizeof text, "%s(%a, %a): ours %a glibc %a", name, x, y, a, b);
      CHECK_MESSAGE(false, text);
    }
  }
  CHECK_MESSAGE(failures == 0, name);
}

std::vector<std::pair<double, double>> pairs(double low, double high, int count) {
  std::vector<std::pair<double, double>> out;
  for (int i = 0; i < count; ++i) out.push_back({uniform(low, high), uniform(low, high)});
  for (int i = 0; i < count / 4; ++i) out.push_back({any_double(), any_double()});
  return out;
}

}  // namespace

TEST_CASE("exponentials and logarithms are within 1 ulp of glibc") {
  within_one_ulp("exp", lib::exp, ::exp, expq, corpus(-745, 710, 4000));
  within_one_ulp("log", lib::log, ::log, logq, corpus(0, 1e6, 4000));
  within_one_ulp("log2", lib::log2, ::log2, log2q, corpus(0, 4, 4000));
  within_one_ulp("log10", lib::log10, ::log10, log10q, corpus(0, 1e3, 4000));
  std::vector<double> powers;
  for (int e = -1074; e < 1024; ++e) powers.push_back(std::ldexp(1.0, e));
  within_one_ulp("log2 of powers of two", lib::log2, ::log2, log2q, powers);
  powers.clear();
  for (int e = -300; e < 300; ++e) powers.push_back(std::stod("1e" + std::to_string(e)));
  within_one_ulp("log10 of powers of ten", lib::log10, ::log10, log10q, powers);
}

TEST_CASE("trigonometric functions are within 1 ulp of glibc, huge arguments included") {
  for (auto [low, high] : {std::pair{-7.0, 7.0}, std::pair{-1e6, 1e6}, std::pair{-1e22, 1e22}}) {
    auto xs = corpus(low, high, 3000);
    within_one_ulp("sin", lib::sin, ::sin, sinq, xs);
    within_one_ulp("cos", lib::cos, ::cos, cosq, xs);
    within_one_ulp("tan", lib::tan, ::tan, tanq, xs);
  }
  // Doubles closest to multiples of pi/2, where reduction cancels most.
  std::vector<double> hard = {6381956970095103.0 * std::ldexp(1.0, 797), 5706252522549017.0 * std::ldexp(1.0, -9),
                              1.5707963267948966, 3.141592653589793, 4.71238898038469, 6.283185307179586,
                              355.0, 103993.0, 1.0e22, 5.3049894774619e+307};
  within_one_ulp("sin near multiples of pi/2", lib::sin, ::sin, sinq, hard);
  within_one_ulp("cos near multiples of pi/2", lib::cos, ::cos, cosq, hard);
  within_one_ulp("tan near multiples of pi/2", lib::tan, ::tan, tanq, hard);
  auto unit = corpus(-1, 1, 3000);
  within_one_ulp("asin", lib::asin, ::asin, asinq, unit);
  within_one_ulp("acos", lib::acos, ::acos, acosq, unit);
  within_one_ulp("atan", lib::atan, ::atan, atanq, corpus(-20, 20, 3000));
  within_one_ulp2("atan2", lib::atan2, ::atan2, atan2q, pairs(-10, 10, 3000));
}

TEST_CASE("hyperbolic functions, pow, hypot and fmod are within 1 ulp of glibc") {
  auto xs = corpus(-30, 30, 3000);
  within_one_ulp("sinh", lib::sinh, ::sinh, sinhq, xs);
  within_one_ulp("cosh", lib::cosh, ::cosh, coshq, xs);
  within_one_ulp("tanh", lib::tanh, ::tanh, tanhq, xs);
  within_one_ulp2("pow", lib::pow, ::pow, powq, pairs(0, 20, 3000));
  within_one_ulp2("pow, negative bases", lib::pow, ::pow, powq, pairs(-3, 3, 1000));
  std::vector<std::pair<double, double>> integer_powers;
  for (int i = 0; i < 1000; ++i) integer_powers.push_back({uniform(-10, 10), static_cast<double>(static_cast<int>(uniform(-300, 300)))});
  within_one_ulp2("pow, integer exponents", lib::pow, ::pow, powq, integer_powers);
  within_one_ulp2("hypot", lib::hypot, ::hypot, hypotq, pairs(-1e3, 1e3, 3000));
  within_one_ulp2("hypot, extremes", lib::hypot, ::hypot, hypotq, {{DBL_MAX, DBL_MAX}, {1e-320, 3e-320}, {1e300, 1e-300}});
  auto exact = [](const char* name, double (*ours)(double, double), double (*glibc)(double, double),
                  const std::vector<std::pair<double, double>>& xs) {
    for (auto [x, y] : xs) CHECK_MESSAGE(ordered(ours(x, y)) == ordered(glibc(x, y)), name);
  };
  exact("fmod", lib::fmod, ::fmod, pairs(-1e10, 1e10, 3000));
  std::vector<std::pair<double, double>> wild;
  for (int i = 0; i < 2000; ++i) wild.push_back({any_double(), any_double()});
  exact("fmod of random doubles", lib::fmod, ::fmod, wild);
}

TEST_CASE("rounding, splitting and scaling are exact") {
  auto xs = corpus(-1e6, 1e6, 3000);
  for (double x : {0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, 4503599627370495.5, -0.0}) xs.push_back(x);
  for (double x : xs) {
    CHECK(ordered(lib::floor(x)) == ordered(::floor(x)));
    CHECK(ordered(lib::ceil(x)) == ordered(::ceil(x)));
    CHECK(ordered(lib::trunc(x)) == ordered(::trunc(x)));
    CHECK(ordered(lib::round(x)) == ordered(::round(x)));
    int e1, e2;
    CHECK(ordered(lib::frexp(x, &e1)) == ordered(::frexp(x, &e2)));
    CHECK(e1 == e2);
    double i1, i2;
    CHECK(ordered(lib::modf(x, &i1)) == ordered(::modf(x, &i2)));
    CHECK(ordered(i1) == ordered(i2));
    for (int n : {-2000, -1074, -1060, -5, 0, 7, 1000, 2000}) CHECK(ordered(lib::ldexp(x, n)) == ordered(::ldexp(x, n)));
    CHECK(ordered(lib::sqrt(std::fabs(x))) == ordered(::sqrt(std::fabs(x))));
  }
}

TEST_CASE("special cases follow C11 Annex F, with errno") {
  const double inf = INFINITY;
  auto check = [](const char* name, std::function<double()> call, double expected, int error) {
    errno = 0;
    double got = call();
    CHECK_MESSAGE((ordered(got) == ordered(expected) || (std::isnan(got) && std::isnan(expected))), name);
    CHECK_MESSAGE(errno == error, name);
  };
  check("sqrt(-1)", [] { return lib::sqrt(-1); }, NAN, EDOM);
  check("sqrt(-0)", [] { return lib::sqrt(-0.0); }, -0.0, 0);
  check("log(0)", [] { return lib::log(0); }, -inf, ERANGE);
  check("log(-1)", [] { return lib::log(-1); }, NAN, EDOM);
  check("log(inf)", [&] { return lib::log(inf); }, inf, 0);
  check("exp(1000)", [] { return lib::exp(1000); }, inf, ERANGE);
  check("exp(-1000)", [] { return lib::exp(-1000); }, 0, ERANGE);
  check("exp(-inf)", [&] { return lib::exp(-inf); }, 0, 0);
  check("pow(0, -1)", [] { return lib::pow(-0.0, -1); }, -inf, ERANGE);
  check("pow(-0, 3)", [] { return lib::pow(-0.0, 3); }, -0.0, 0);
  check("pow(-8, 1/3)", [] { return lib::pow(-8, 1.0 / 3); }, NAN, EDOM);
  check("pow(nan, 0)", [] { return lib::pow(NAN, 0); }, 1, 0);
  check("pow(1, nan)", [] { return lib::pow(1, NAN); }, 1, 0);
  check("pow(-1, inf)", [&] { return lib::pow(-1, inf); }, 1, 0);
  check("pow(0.5, -inf)", [&] { return lib::pow(0.5, -inf); }, inf, 0);
  check("pow(-inf, 3)", [&] { return lib::pow(-inf, 3); }, -inf, 0);
  check("pow(-inf, -3)", [&] { return lib::pow(-inf, -3); }, -0.0, 0);
  check("pow(10, 400)", [] { return lib::pow(10, 400); }, inf, ERANGE);
  check("pow(-10, 401)", [] { return lib::pow(-10, 401); }, -inf, ERANGE);
  check("sin(-0)", [] { return lib::sin(-0.0); }, -0.0, 0);
  check("sin(inf)", [&] { return lib::sin(inf); }, NAN, EDOM);
  check("tan(-0)", [] { return lib::tan(-0.0); }, -0.0, 0);
  check("atan2(0, -0)", [] { return lib::atan2(0.0, -0.0); }, M_PI, 0);
  check("atan2(-0, 0)", [] { return lib::atan2(-0.0, 0.0); }, -0.0, 0);
  check("atan2(-inf, -inf)", [&] { return lib::atan2(-inf, -inf); }, -3 * M_PI / 4, 0);
  check("atan2(1, -inf)", [&] { return lib::atan2(1, -inf); }, M_PI, 0);
  check("asin(2)", [] { return lib::asin(2); }, NAN, EDOM);
  check("acos(-1)", [] { return lib::acos(-1); }, M_PI, 0);
  check("fmod(1, 0)", [] { return lib::fmod(1, 0); }, NAN, EDOM);
  check("fmod(-0, 1)", [] { return lib::fmod(-0.0, 1); }, -0.0, 0);
  check("fmod(5, inf)", [&] { return lib::fmod(5, inf); }, 5, 0);
  check("hypot(inf, nan)", [&] { return lib::hypot(NAN, -inf); }, inf, 0);
  check("hypot(max, max)", [] { return lib::hypot(DBL_MAX, DBL_MAX); }, inf, ERANGE);
  check("sinh(-0)", [] { return lib::sinh(-0.0); }, -0.0, 0);
  check("cosh(-inf)", [&] { return lib::cosh(-inf); }, inf, 0);
  check("cosh(1000)", [] { return lib::cosh(1000); }, inf, ERANGE);
  check("tanh(-inf)", [&] { return lib::tanh(-inf); }, -1, 0);
  check("ceil(-0.5)", [] { return lib::ceil(-0.5); }, -0.0, 0);
  check("ldexp(1, 5000)", [] { return lib::ldexp(1, 5000); }, inf, ERANGE);
}

namespace {

int64_t float_ulps(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : INT64_MAX;
  auto ordered_float = [](float x) {
    int32_t i;
    memcpy(&i, &x, sizeof i);
    return i < 0 ? static_cast<int64_t>(INT32_MIN) - i : static_cast<int64_t>(i);
  };
  int64_t d = ordered_float(a) - ordered_float(b);
  return d < 0 ? -d : d;
}

}  // namespace

// As above, libquadmath decides where glibc is further off (its tanhf).
TEST_CASE("float variants are within 1 float ulp of glibc's") {
  struct Unary {
    const char* name;
    float (*ours)(float);
    float (*glibc)(float);
    Referee referee;
    float low, high;
  };
  const Unary unary[] = {
      {"expf", lib::as_float<lib::exp>, ::expf, expq, -100, 100},
      {"logf", lib::as_float<lib::log>, ::logf, logq, 0, 1e30f},
      {"sinf", lib::as_float<lib::sin>, ::sinf, sinq, -1e5f, 1e5f},
      {"cosf", lib::as_float<lib::cos>, ::cosf, cosq, -1e5f, 1e5f},
      {"tanf", lib::as_float<lib::tan>, ::tanf, tanq, -10, 10},
      {"atanf", lib::as_float<lib::atan>, ::atanf, atanq, -10, 10},
      {"tanhf", lib::as_float<lib::tanh>, ::tanhf, tanhq, -10, 10},
      {"sqrtf", lib::as_float<lib::sqrt>, ::sqrtf, sqrtq, 0, 1e30f},
      {"floorf", lib::as_float<lib::floor>, ::floorf, floorq, -1e6f, 1e6f},
  };
  for (const Unary& f : unary) {
    int failures = 0;
    for (int i = 0; i < 3000; ++i) {
      float x = static_cast<float>(uniform(f.low, f.high));
      float ours = f.ours(x);
      if (float_ulps(ours, f.glibc(x)) > 1 && float_ulps(ours, static_cast<float>(f.referee(x))) != 0 &&
          ++failures <= 3) {
        char text[120];
        snprintf(text, sizeof text, "%s(%a): ours %a glibc %a", f.name, x, f.ours(x), f.glibc(x));
        MESSAGE(text);
      }
    }
    CHECK_MESSAGE(failures == 0, f.name);
  }
  int failures = 0;
  for (int i = 0; i < 3000; ++i) {
    float x = static_cast<float>(uniform(0, 10)), y = static_cast<float>(uniform(-30, 30));
    float ours = lib::as_float<lib::pow>(x, y);
    if (float_ulps(ours, ::powf(x, y)) > 1 && float_ulps(ours, static_cast<float>(powq(x, y))) != 0) ++failures;
  }
  CHECK(failures == 0);
  errno = 0;
  CHECK(std::isinf(lib::as_float<lib::exp>(100.0f)));
  CHECK(errno == ERANGE);
  errno = 0;
  CHECK(lib::as_float<lib::exp>(-120.0f) == 0.0f);
  CHECK(errno == ERANGE);
}
