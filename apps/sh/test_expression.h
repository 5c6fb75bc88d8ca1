// test and [ (POSIX XCU test): the expression of their arguments. Primaries
// are -e -f -d -r -w -x -s -L (files), -z -n (strings), = != (strings),
// -eq -ne -lt -le -gt -ge (integers), and a lone string (true when not
// empty); ! negates, -a and -o join (-a binds tighter), ( ) groups. A word
// is taken as an operator only where one fits, so `test -n = -n` works.
#pragma once

#include "text.h"

namespace sh {

constexpr int kTestTrue = 0;
constexpr int kTestFalse = 1;
constexpr int kTestError = 2;

// The status of test with these arguments (without "test", or "[" and
// "]"); on kTestError, error says why.
int evaluate_test(const Vec<Text>& arguments, Text& error);

}  // namespace sh
