// LineHistory: the last kLines lines committed at the console, newest
// first, for recall with the up and down arrows. Fixed buffers: the driver
// allocates nothing.
#pragma once

#include <cstddef>
#include <cstring>

namespace uart {

template <size_t kLines, size_t kLineBytes>
class LineHistory {
 public:
  size_t size() const { return count_; }

  // Keeps line (without its newline); an empty line or a repeat of the
  // newest is not kept.
  void add(const char* line, size_t length) {
    if (length == 0 || length > kLineBytes) return;
    if (count_ > 0) {
      size_t newest_length = 0;
      const char* newest = line_at(0, &newest_length);
      if (newest_length == length && memcmp(newest, line, length) == 0) return;
    }
    memcpy(lines_[next_], line, length);
    lengths_[next_] = length;
    next_ = (next_ + 1) % kLines;
    if (count_ < kLines) ++count_;
  }

  // The line age steps back from the newest (0 is the newest); age < size().
  const char* line_at(size_t age, size_t* length) const {
    size_t slot = (next_ + kLines - 1 - age) % kLines;
    *length = lengths_[slot];
    return lines_[slot];
  }

 private:
  char lines_[kLines][kLineBytes];
  size_t lengths_[kLines];
  size_t next_ = 0;  // the slot the next line goes to
  size_t count_ = 0;
};

}  // namespace uart
