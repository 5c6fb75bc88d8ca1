// POSIX basic regular expressions for grep: ordinary and escaped
// characters, `.`, bracket expressions (`[a-z]`, `[^...]`, `[[:digit:]]`),
// `*`, intervals `\{m,n\}`, groups `\(...\)` (which may be repeated too),
// back-references `\1`..`\9`, and the anchors `^` (at the start) and `$`
// (at the end). A backtracking matcher: no memory is needed while
// matching, and the recursion is as deep as the pattern's atoms plus the
// repetitions of its groups.
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

  // False if the pattern is not a valid BRE; error() says why.
  bool compile(const char* pattern, bool ignore_case);
  const char* error() const { return error_; }

  // Whether the pattern matches somewhere in line[0, length).
  bool search(const char* line, size_t length) const;

 private:
  static constexpr int kMaxGroups = 9;
  static constexpr size_t kUnbounded = ~size_t(0);

  enum class Kind : uint8_t { Set, Group, Backref };
  // One atom and how often it repeats. A group's body is the nodes after
  // it up to `end`.
  struct Node {
    Kind kind;
    uint8_t set[32];  // Set: the bytes it accepts, one bit each
    size_t min;
    size_t max;       // kUnbounded for `*` and `\{m,\}`
    size_t end;       // Group: the node after its body
    int group;        // Group: its number; Backref: the group it names
    bool accepts(unsigned char c) const { return set[c / 8] & (1u << (c % 8)); }
  };
  struct Frame;
  struct Match;

  bool parse_bracket(const char*& p, Node& node);
  bool parse_interval(const char*& p, Node& node);
  bool fail(const char* why);

  bool match_sequence(Match& m, size_t node, size_t end, const char* text, const Frame* next) const;
  bool match_group(Match& m, size_t node, size_t count, const char* text, const Frame* after) const;
  bool resume(Match& m, const Frame* frame, const char* text) const;
  size_t backref_length(const Match& m, const Node& node, const char* text) const;

  Node* nodes_ = nullptr;
  size_t count_ = 0;
  bool anchored_start_ = false;
  bool anchored_end_ = false;
  bool ignore_case_ = false;
  const char* error_ = nullptr;
};

}  // namespace coreutils
