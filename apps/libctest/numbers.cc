// libctest numbers: the float code paths as the target runs them (the host
// tests cover the corpus): printf, strtod, sscanf, and long double, which
// is IEEE binary128 here (the expected texts are glibc's strfromf128).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libctest.h"

namespace libctest {

namespace {

bool formats(const char* expected, const char* format, auto... args) {
  char out[200];
  snprintf(out, sizeof out, format, args...);
  if (strcmp(out, expected) == 0) return true;
  printf("FAIL numbers: %s gave \"%s\", not \"%s\"\n", format, out, expected);
  return false;
}

}  // namespace

int test_numbers() {
  const char* name = "numbers";
  bool ok = formats("3.142 1.000000e-05 0x1.8p+1 2.5e+100", "%.3f %e %a %g", 3.14159, 1e-5, 3.0, 2.5e100) &&
            formats("  -0.50|1.00000e+06 |inf NAN", "%7.2f|%-12.5e|%f %F", -0.5, 999999.5, strtod("inf", nullptr),
                    strtod("nan", nullptr)) &&
            formats("0.1000000000000000000000000000000000048148", "%.40Lg", strtold("0.1", nullptr)) &&
            formats("1.000000000000000000000000000000000045e+4000", "%.36Le", strtold("1e4000", nullptr)) &&
            formats("0x1.23456789abcdef0123456789abcdp-16000", "%La",
                    strtold("0x1.23456789abcdef0123456789abcdp-16000", nullptr)) &&
            formats("3.768138208080215072206251950236477878e-4817", "%.36Le",
                    strtold("0x1.23456789abcdef0123456789abcdp-16000", nullptr));
  ok = ok && check(strtod("2.2250738585072011e-308", nullptr) == 0x0.fffffffffffffp-1022, name, "strtod subnormal tie") &&
       check(strtof("3.4028235e38", nullptr) == 3.4028235e38f, name, "strtof largest float");
  errno = 0;
  ok = ok && check(strtod("1e400", nullptr) == __builtin_inf() && errno == ERANGE, name, "strtod overflow");
  double d = 0;
  float f = 0;
  long double q = 0;
  int n = 0;
  char word[8];
  ok = ok && check(sscanf("x=2.5e-3 y=0x1p-2 z=1e4000 w=seven", "x=%lf y=%f z=%Lf w=%7s%n", &d, &f, &q, word, &n) == 4,
                   name, "sscanf count") &&
       check(d == 2.5e-3 && f == 0.25f && q == strtold("1e4000", nullptr) && strcmp(word, "seven") == 0 && n == 34,
             name, "sscanf values");
  return ok ? 0 : 1;
}

}  // namespace libctest
