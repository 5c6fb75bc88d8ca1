// Numbers given as operands and option arguments (head -n 5, kill 42).
#pragma once

#include <stdint.h>

namespace coreutils {

// Decimal digits only, and all of text; false if not, or if it overflows.
bool parse_unsigned(const char* text, uint64_t& out);

// An optional '-' and then as parse_unsigned, within int64_t.
bool parse_signed(const char* text, int64_t& out);

}  // namespace coreutils
