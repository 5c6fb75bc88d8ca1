#include "bre.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

namespace coreutils {

namespace {

void add(uint8_t* set, unsigned char c) { set[c / 8] |= uint8_t(1u << (c % 8)); }

// c, and with ignore_case its other case too.
void add_character(uint8_t* set, unsigned char c, bool ignore_case) {
  add(set, c);
  if (!ignore_case) return;
  add(set, static_cast<unsigned char>(tolower(c)));
  add(set, static_cast<unsigned char>(toupper(c)));
}

// The character classes of bracket expressions, by name.
struct CharClass {
  const char* name;
  int (*test)(int);
};
constexpr CharClass kClasses[] = {
    {"alnum", isalnum}, {"alpha", isalpha}, {"blank", isblank}, {"cntrl", iscntrl},
    {"digit", isdigit}, {"graph", isgraph}, {"lower", islower}, {"print", isprint},
    {"punct", ispunct}, {"space", isspace}, {"upper", isupper}, {"xdigit", isxdigit},
};

}  // namespace

Bre::~Bre() { free(nodes_); }

bool Bre::fail(const char* why) {
  error_ = why;
  return false;
}

bool Bre::compile(const char* pattern, bool ignore_case) {
  free(nodes_);
  count_ = 0;
  error_ = nullptr;
  ignore_case_ = ignore_case;
  anchored_start_ = pattern[0] == '^';
  anchored_end_ = false;
  size_t length = strlen(pattern);
  // Each node takes at least one pattern byte.
  nodes_ = static_cast<Node*>(calloc(length + 1, sizeof(Node)));
  if (!nodes_) return fail("out of memory");
  size_t open[kMaxGroups];  // the groups not yet closed, innermost last
  int open_count = 0;
  bool closed[kMaxGroups + 1] = {};
  int groups = 0;
  // The node a following `*` or interval repeats; none at the start of the
  // pattern or of a group, where `*` is an ordinary character.
  size_t last = kUnbounded;
  const char* p = pattern + (anchored_start_ ? 1 : 0);
  while (*p) {
    // `$` is an anchor only at the very end.
    if (p[0] == '$' && p[1] == '\0') {
      anchored_end_ = true;
      break;
    }
    if (*p == '*' && last != kUnbounded) {
      nodes_[last].min = 0;
      nodes_[last].max = kUnbounded;
      ++p;
      continue;
    }
    if (p[0] == '\\' && p[1] == '{') {
      if (last == kUnbounded) return fail("interval without an atom before it");
      p += 2;
      if (!parse_interval(p, nodes_[last])) return false;
      continue;
    }
    if (p[0] == '\\' && p[1] == ')') {
      if (open_count == 0) return fail("unmatched \\)");
      last = open[--open_count];
      nodes_[last].end = count_;
      closed[nodes_[last].group] = true;
      p += 2;
      continue;
    }
    Node& node = nodes_[count_];
    memset(&node, 0, sizeof node);
    node.kind = Kind::Set;
    node.min = node.max = 1;
    last = count_;
    if (*p == '.') {
      memset(node.set, 0xff, sizeof node.set);
      ++p;
    } else if (*p == '[') {
      ++p;
      if (!parse_bracket(p, node)) return false;
    } else if (*p == '\\') {
      char c = p[1];
      if (c == '\0') return fail("trailing backslash");
      if (c == '}') return fail("unmatched \\}");
      if (c == '(') {
        if (groups == kMaxGroups) return fail("more than 9 groups");
        node.kind = Kind::Group;
        node.group = ++groups;
        open[open_count++] = count_;
        last = kUnbounded;
      } else if (c >= '1' && c <= '9') {
        if (!closed[c - '0']) return fail("back-reference to a group not yet closed");
        node.kind = Kind::Backref;
        node.group = c - '0';
      } else {
        add_character(node.set, static_cast<unsigned char>(c), ignore_case_);
      }
      p += 2;
    } else {
      add_character(node.set, static_cast<unsigned char>(*p), ignore_case_);
      ++p;
    }
    ++count_;
  }
  if (open_count > 0) return fail("unmatched \\(");
  return true;
}

bool Bre::parse_interval(const char*& p, Node& node) {
  auto number = [&](size_t& out) {
    if (!isdigit(static_cast<unsigned char>(*p))) return false;
    out = 0;
    while (isdigit(static_cast<unsigned char>(*p))) {
      out = out * 10 + size_t(*p - '0');
      if (out > 255) return false;  // RE_DUP_MAX
      ++p;
    }
    return true;
  };
  size_t min = 0, max = 0;
  if (!number(min)) return fail("bad interval");
  max = min;
  if (*p == ',') {
    ++p;
    max = kUnbounded;
    if (*p != '\\' && !number(max)) return fail("bad interval");
  }
  if (p[0] != '\\' || p[1] != '}' || max < min) return fail("bad interval");
  p += 2;
  node.min = min;
  node.max = max;
  return true;
}

bool Bre::parse_bracket(const char*& p, Node& node) {
  bool negate = *p == '^';
  if (negate) ++p;
  uint8_t set[32] = {};
  bool first = true;
  for (;;) {
    if (*p == '\0') return fail("unmatched [");
    if (*p == ']' && !first) {
      ++p;
      break;
    }
    first = false;
    if (p[0] == '[' && p[1] == ':') {
      const char* end = strstr(p + 2, ":]");
      if (!end) return fail("unmatched [:");
      size_t n = size_t(end - (p + 2));
      const CharClass* found = nullptr;
      for (const CharClass& c : kClasses) {
        if (strlen(c.name) == n && memcmp(c.name, p + 2, n) == 0) found = &c;
      }
      if (!found) return fail("unknown character class");
      for (int c = 1; c < 256; ++c) {
        if (found->test(c)) add_character(set, static_cast<unsigned char>(c), ignore_case_);
      }
      p = end + 2;
      continue;
    }
    if (p[0] == '[' && (p[1] == '.' || p[1] == '=')) return fail("collating elements are not supported");
    unsigned char low = static_cast<unsigned char>(*p++);
    unsigned char high = low;
    if (p[0] == '-' && p[1] != ']' && p[1] != '\0') {
      high = static_cast<unsigned char>(p[1]);
      p += 2;
      if (high < low) return fail("invalid range end");
    }
    for (int c = low; c <= high; ++c) add_character(set, static_cast<unsigned char>(c), ignore_case_);
  }
  for (size_t i = 0; i < sizeof set; ++i) node.set[i] = negate ? uint8_t(~set[i]) : set[i];
  return true;
}

// What a match in progress has captured: group n matched [start, end).
struct Bre::Match {
  const char* line_end;
  const char* start[kMaxGroups + 1];
  const char* end[kMaxGroups + 1];
};

// What is left to match once a sequence of nodes has matched: the rest of
// an enclosing sequence, or one more pass of a group.
struct Bre::Frame {
  enum class Kind { Sequence, GroupPass } kind;
  size_t node;           // Sequence: the next node; GroupPass: the group
  size_t end;            // Sequence: where the sequence ends
  size_t count;          // GroupPass: the passes made, this one included
  const char* start;     // GroupPass: where this pass began
  const Frame* next;     // Sequence: what follows; GroupPass: what follows the group
};

size_t Bre::backref_length(const Match& m, const Node& node, const char* text) const {
  const char* from = m.start[node.group];
  size_t length = size_t(m.end[node.group] - from);
  if (size_t(m.line_end - text) < length) return kUnbounded;
  for (size_t i = 0; i < length; ++i) {
    unsigned char a = static_cast<unsigned char>(from[i]), b = static_cast<unsigned char>(text[i]);
    if (a != b && !(ignore_case_ && tolower(a) == tolower(b))) return kUnbounded;
  }
  return length;
}

bool Bre::resume(Match& m, const Frame* frame, const char* text) const {
  if (!frame) return !anchored_end_ || text == m.line_end;
  if (frame->kind == Frame::Kind::Sequence) return match_sequence(m, frame->node, frame->end, text, frame->next);
  // A pass of the group ended here: it captures what it matched (the last
  // pass counts), then the group may repeat.
  const Node& group = nodes_[frame->node];
  const char* saved_start = m.start[group.group];
  const char* saved_end = m.end[group.group];
  m.start[group.group] = frame->start;
  m.end[group.group] = text;
  bool matched;
  if (text == frame->start) {
    // An empty pass would repeat forever: it ends the repetition.
    matched = frame->count >= group.min && resume(m, frame->next, text);
  } else {
    matched = match_group(m, frame->node, frame->count, text, frame->next);
  }
  if (!matched) {
    m.start[group.group] = saved_start;
    m.end[group.group] = saved_end;
  }
  return matched;
}

bool Bre::match_group(Match& m, size_t node, size_t count, const char* text, const Frame* after) const {
  const Node& group = nodes_[node];
  // Greedy: one more pass first, then what follows.
  if (count < group.max) {
    Frame pass{Frame::Kind::GroupPass, node, 0, count + 1, text, after};
    if (match_sequence(m, node + 1, group.end, text, &pass)) return true;
  }
  return count >= group.min && resume(m, after, text);
}

bool Bre::match_sequence(Match& m, size_t node, size_t end, const char* text, const Frame* next) const {
  if (node == end) return resume(m, next, text);
  const Node& n = nodes_[node];
  if (n.kind == Kind::Group) {
    Frame after{Frame::Kind::Sequence, n.end, end, 0, nullptr, next};
    return match_group(m, node, 0, text, &after);
  }
  // A character set or a back-reference, repeated: as many times as it
  // matches, then fewer until the rest matches too.
  size_t taken = 0;        // repetitions
  const char* at = text;
  size_t step = 1;
  if (n.kind == Kind::Backref) {
    if (!m.start[n.group]) return false;  // its group took no part in the match
    step = size_t(m.end[n.group] - m.start[n.group]);
  }
  while (taken < n.max) {
    if (n.kind == Kind::Set) {
      if (at == m.line_end || !n.accepts(static_cast<unsigned char>(*at))) break;
    } else if (backref_length(m, n, at) == kUnbounded) {
      break;
    }
    ++taken;
    at += step;
    if (step == 0) break;  // an empty capture matches once as well as often
  }
  if (taken < n.min && !(step == 0 && taken > 0)) return false;
  for (;;) {
    if (match_sequence(m, node + 1, end, text + taken * step, next)) return true;
    if (taken == 0 || taken <= n.min) return false;
    --taken;
  }
}

bool Bre::search(const char* line, size_t length) const {
  Match m{};
  m.line_end = line + length;
  for (const char* start = line; start <= m.line_end; ++start) {
    for (int g = 0; g <= kMaxGroups; ++g) m.start[g] = m.end[g] = nullptr;
    if (match_sequence(m, 0, count_, start, nullptr)) return true;
    if (anchored_start_) return false;
  }
  return false;
}

}  // namespace coreutils
