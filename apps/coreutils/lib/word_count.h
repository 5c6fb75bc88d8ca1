// wc's counting and its column width, as GNU wc lays them out (so that the
// host's wc is the reference): each count right-aligned in a column as wide
// as the digits of the total size of the regular files counted, at least 7
// when an input is not a regular file (a pipe's size is unknown), and 1
// when one count of one input is shown.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace coreutils {

struct WordCount {
  uint64_t lines = 0;
  uint64_t words = 0;
  uint64_t bytes = 0;
  bool in_word = false;  // the last byte fed was part of a word

  void feed(const char* data, size_t size);
};

// What stat said of one input before counting.
struct InputSize {
  bool stat_failed = false;
  bool regular = false;
  uint64_t size = 0;
};

// The width of every column. counts_shown: how many of -l -w -c.
int count_width(const InputSize* inputs, size_t count, int counts_shown);

}  // namespace coreutils
