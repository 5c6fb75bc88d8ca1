#include "word_count.h"

#include <ctype.h>

namespace coreutils {

void WordCount::feed(const char* data, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    unsigned char c = static_cast<unsigned char>(data[i]);
    if (c == '\n') ++lines;
    bool space = isspace(c);
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  bytes += size;
}

int count_width(const InputSize* inputs, size_t count, int counts_shown) {
  // One number alone needs no column.
  if (count == 1 && counts_shown == 1) return 1;
  if (count == 0) return 1;
  int minimum = 1;
  uint64_t total = 0;
  for (size_t i = 0; i < count; ++i) {
    if (inputs[i].stat_failed) continue;
    if (inputs[i].regular) total += inputs[i].size;
    else minimum = 7;
  }
  int width = 1;
  for (; total >= 10; total /= 10) ++width;
  return width < minimum ? minimum : width;
}

}  // namespace coreutils
