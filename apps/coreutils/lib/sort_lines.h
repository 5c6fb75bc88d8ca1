// sort's ordering: bytes (as the C locale orders them) or, with -n, the
// number each line starts with; -r reverses it; -u keeps one line of each
// run that compares equal. Lines that compare equal by their number are
// ordered by their bytes, as POSIX asks (not with -u: they are the same).
#pragma once

#include <stddef.h>

namespace coreutils {

struct SortOrder {
  bool reverse = false;
  bool numeric = false;
  bool unique = false;
};

// <0, 0 or >0: the leading numbers of a and b (blanks, an optional '-',
// digits and one '.'; no number is 0), compared exactly, with no limit on
// the number of digits.
int compare_numbers(const char* a, const char* b);

// The order sort puts a and b in.
int compare_lines(const char* a, const char* b, const SortOrder& order);

// Sorts lines by compare_lines, stably; then with order.unique drops every
// line equal to the one before it, and sets count to the lines kept.
// False: out of memory (errno ENOMEM), lines unchanged.
bool sort_lines(char** lines, size_t& count, const SortOrder& order);

}  // namespace coreutils
