#include "sort_lines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

namespace coreutils {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A number as its text: the integer digits without leading zeros and the
// fraction digits without trailing ones.
struct Number {
  bool negative = false;
  const char* integer = "";
  size_t integer_length = 0;
  const char* fraction = "";
  size_t fraction_length = 0;
};

Number parse_number(const char* p) {
  Number n;
  while (*p == ' ' || *p == '\t') ++p;
  if (*p == '-') {
    n.negative = true;
    ++p;
  }
  while (*p == '0') ++p;
  n.integer = p;
  while (is_digit(*p)) ++p;
  n.integer_length = size_t(p - n.integer);
  if (*p == '.') {
    n.fraction = ++p;
    while (is_digit(*p)) ++p;
    n.fraction_length = size_t(p - n.fraction);
    while (n.fraction_length > 0 && n.fraction[n.fraction_length - 1] == '0') --n.fraction_length;
  }
  if (n.integer_length == 0 && n.fraction_length == 0) n.negative = false;  // -0 is 0
  return n;
}

int compare_magnitudes(const Number& a, const Number& b) {
  if (a.integer_length != b.integer_length) return a.integer_length < b.integer_length ? -1 : 1;
  if (int c = memcmp(a.integer, b.integer, a.integer_length)) return c;
  size_t common = a.fraction_length < b.fraction_length ? a.fraction_length : b.fraction_length;
  if (int c = memcmp(a.fraction, b.fraction, common)) return c;
  if (a.fraction_length == b.fraction_length) return 0;
  return a.fraction_length < b.fraction_length ? -1 : 1;
}

// Merges sorted runs [lo, mid) and [mid, hi) of lines through scratch.
void merge(char** lines, char** scratch, size_t lo, size_t mid, size_t hi, const SortOrder& order) {
  size_t i = lo, j = mid, k = lo;
  while (i < mid && j < hi) scratch[k++] = compare_lines(lines[j], lines[i], order) < 0 ? lines[j++] : lines[i++];
  while (i < mid) scratch[k++] = lines[i++];
  while (j < hi) scratch[k++] = lines[j++];
  memcpy(lines + lo, scratch + lo, (hi - lo) * sizeof(char*));
}

}  // namespace

int compare_numbers(const char* a, const char* b) {
  Number x = parse_number(a);
  Number y = parse_number(b);
  if (x.negative != y.negative) return x.negative ? -1 : 1;
  int c = compare_magnitudes(x, y);
  return x.negative ? -c : c;
}

int compare_lines(const char* a, const char* b, const SortOrder& order) {
  int c = order.numeric ? compare_numbers(a, b) : 0;
  if (c == 0 && !(order.numeric && order.unique)) c = strcmp(a, b);
  return order.reverse ? -c : c;
}

bool sort_lines(char** lines, size_t& count, const SortOrder& order) {
  if (count < 2) return true;
  char** scratch = static_cast<char**>(malloc(count * sizeof(char*)));
  if (!scratch) {
    errno = ENOMEM;
    return false;
  }
  // Bottom-up merge sort: stable, and no recursion.
  for (size_t width = 1; width < count; width *= 2) {
    for (size_t lo = 0; lo + width < count; lo += 2 * width) {
      size_t hi = lo + 2 * width < count ? lo + 2 * width : count;
      merge(lines, scratch, lo, lo + width, hi, order);
    }
  }
  free(scratch);
  if (order.unique) {
    size_t kept = 1;
    for (size_t i = 1; i < count; ++i) {
      if (compare_lines(lines[kept - 1], lines[i], order) != 0) lines[kept++] = lines[i];
    }
    count = kept;
  }
  return true;
}

}  // namespace coreutils
