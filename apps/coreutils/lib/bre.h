// POSIX basic regular expressions for grep: ordinary and escaped
// characters, `.`, bracket expressions (`[a-z]`, `[^...]`, `[[:digit:]]`),
// `*`, intervals `\{m,n\}`, and the anchors `^` (at the start) and `$` (at
// the end). Groups `\(\)` and back-references `\1` are not supported:
// compile says so rather than matching something else.
// The matcher backtracks, so no memory is needed while matching.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace coreutils {

class Bre {
 public:
  Bre() = default;
  Bre(const Bre&) = delete;
  Bre& operator=(const Bre&) = delete;
  ~Bre();

  // False if the pattern is not a valid (or supported) BRE; error() says why.
  bool compile(const char* pattern, bool ignore_case);
  const char* error() const { return error_; }

  // Whether the pattern matches somewhere in line[0, length).
  bool search(const char* line, size_t length) const;

 private:
  struct Atom {
    uint8_t set[32];  // the bytes this atom accepts, one bit each
    size_t min;
    size_t max;       // kUnbounded for `*` and `\{m,\}`
    bool accepts(unsigned char c) const { return set[c / 8] & (1u << (c % 8)); }
  };
  static constexpr size_t kUnbounded = ~size_t(0);

  bool match_here(size_t atom, const char* text, const char* end) const;
  bool parse_bracket(const char*& p, Atom& atom);
  bool parse_interval(const char*& p, Atom& atom);
  bool fail(const char* why);

  Atom* atoms_ = nullptr;
  size_t count_ = 0;
  bool anchored_start_ = false;
  bool anchored_end_ = false;
  bool ignore_case_ = false;
  const char* error_ = nullptr;
};

}  // namespace coreutils
