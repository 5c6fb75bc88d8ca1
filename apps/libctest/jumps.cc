// libctest setjmp: a longjmp from a deeper frame returns to setjmp with
// its value (1 for 0), and the callee-saved registers, integer and
// floating-point, hold what they held at setjmp.
#include <setjmp.h>

#include "libctest.h"

namespace libctest {

namespace {

jmp_buf target;
int depth_reached;

// Recurses with live values of its own, so the frames between setjmp and
// longjmp fill the callee-saved registers with other values.
__attribute__((noinline)) void descend(int depth, double scale, int value) {
  volatile double mine = scale * depth;
  depth_reached = depth;
  if (depth == 0) longjmp(target, value);
  descend(depth - 1, mine + 1.5, value);
}

// The values live in callee-saved registers across setjmp and the calls:
// s-registers for the integers and fs-registers for the doubles.
__attribute__((noinline)) bool registers_survive(int value, int expected) {
  register long a asm("s1") = 0x1111;
  register long b asm("s11") = 0x2222;
  register double x asm("fs0") = 3.25;
  register double y asm("fs11") = -7.5;
  asm volatile("" : "+r"(a), "+r"(b), "+f"(x), "+f"(y));
  int got = setjmp(target);
  asm volatile("" : "+r"(a), "+r"(b), "+f"(x), "+f"(y));
  if (got == 0) descend(20, 2.0, value);
  return got == expected && depth_reached == 0 && a == 0x1111 && b == 0x2222 && x == 3.25 && y == -7.5;
}

}  // namespace

int test_setjmp() {
  const char* name = "setjmp";
  bool ok = check(registers_survive(42, 42), name, "longjmp(env, 42): wrong value or registers") &&
            check(registers_survive(0, 1), name, "longjmp(env, 0) must make setjmp return 1");
  return ok ? 0 : 1;
}

}  // namespace libctest
