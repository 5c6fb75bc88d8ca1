// What grep looks for in a line: one or more patterns (several -e, or one
// with newlines in it, as POSIX allows), each a fixed string (-F) or a
// basic regular expression; a line matches if any of them is in it.
#pragma once

#include <stddef.h>

#include "bre.h"

namespace coreutils {

class LinePattern {
 public:
  LinePattern() = default;
  LinePattern(const LinePattern&) = delete;
  LinePattern& operator=(const LinePattern&) = delete;
  ~LinePattern();

  // Adds the patterns in text (newline-separated). False if one is not a
  // valid BRE (error() says why) or memory ran out.
  bool add(const char* text, bool fixed, bool ignore_case);
  const char* error() const { return error_; }

  bool matches(const char* line, size_t length) const;

 private:
  struct Alternative {
    char* fixed;  // the string with -F, else nullptr
    size_t fixed_length;
    Bre* bre;
  };
  bool add_one(const char* text, size_t length);
  bool contains(const Alternative& alternative, const char* line, size_t length) const;

  Alternative* alternatives_ = nullptr;
  size_t count_ = 0;
  bool fixed_ = false;
  bool ignore_case_ = false;
  const char* error_ = nullptr;
};

}  // namespace coreutils
