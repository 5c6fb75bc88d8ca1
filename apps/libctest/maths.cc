// libctest math: <math.h> on the target, where its binary128 arithmetic
// is libgcc's soft-float (the host tests check the same code against
// glibc). Expected values: mpmath's, correctly rounded.
#include <errno.h>
#include <math.h>
#include <stdio.h>

#include "libctest.h"

namespace libctest {

namespace {

bool equals(const char* what, double got, double expected) {
  if (got == expected) return true;
  printf("FAIL math: %s = %a, not %a\n", what, got, expected);
  return false;
}

}  // namespace

int test_math() {
  bool ok = equals("sin(1e22)", sin(1e22), -0x1.b453ab76bf397p-1) && equals("exp(1)", exp(1), 0x1.5bf0a8b145769p+1) &&
            equals("log10(2)", log10(2), 0x1.34413509f79ffp-2) &&
            equals("pow(1.5, 100.25)", pow(1.5, 100.25), 0x1.8f9f20247e3a3p+58) &&
            equals("atan2(1, -2)", atan2(1, -2), 0x1.56c6e7397f5aep+1) &&
            equals("cos(0x1.6ac5b262ca1ffp+849)", cos(0x1.6ac5b262ca1ffp+849), -0x1.14ae72e6ba22fp-61) &&
            equals("tanh(0.75)", tanh(0.75), 0x1.45323e552f228p-1) && equals("sqrt(2)", sqrt(2), M_SQRT2) &&
            equals("floor(-2.5)", floor(-2.5), -3) && equals("fmod(10, 3)", fmod(10, 3), 1);
  errno = 0;
  ok = ok && check(isnan(sqrt(-1)) && errno == EDOM, "math", "sqrt(-1): no NaN or EDOM");
  errno = 0;
  ok = ok && check(isinf(exp(1000)) && errno == ERANGE, "math", "exp(1000): no overflow");
  return ok ? 0 : 1;
}

}  // namespace libctest
