// Arithmetic expansion, $((...)) (POSIX XCU 2.6.4): signed long integers
// with the C operators POSIX lists, by C's precedence: ( ) unary + - ~ !,
// * / %, + -, << >>, < <= > >=, == !=, &, ^, |, &&, ||, ?:, and the
// assignments = *= /= %= += -= <<= >>= &= ^= |=. Constants are decimal,
// octal (leading 0) or hexadecimal (0x). A name is its variable's value (0
// when unset or empty); && || and ?: do not evaluate the side not taken.
#pragma once

#include "expand.h"

namespace sh {

// Evaluates expression (already expanded) into value; false with error
// set ("division by zero") when it is not a valid expression.
bool evaluate_arithmetic(const char* expression, Environment& environment, long& value, Text& error);

}  // namespace sh
