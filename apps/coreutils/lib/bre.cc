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

Bre::~Bre() { free(atoms_); }

bool Bre::fail(const char* why) {
  error_ = why;
  return false;
}

bool Bre::compile(const char* pattern, bool ignore_case) {
  free(atoms_);
  count_ = 0;
  error_ = nullptr;
  ignore_case_ = ignore_case;
  anchored_start_ = pattern[0] == '^';
  anchored_end_ = false;
  size_t length = strlen(pattern);
  // Each atom takes at least one pattern byte.
  atoms_ = static_cast<Atom*>(calloc(length + 1, sizeof(Atom)));
  if (!atoms_) return fail("out of memory");
  const char* p = pattern + (anchored_start_ ? 1 : 0);
  while (*p) {
    // `$` is an anchor only at the very end.
    if (p[0] == '$' && p[1] == '\0') {
      anchored_end_ = true;
      break;
    }
    bool repeatable = count_ > 0;
    if (*p == '*' && repeatable) {
      atoms_[count_ - 1].min = 0;
      atoms_[count_ - 1].max = kUnbounded;
      ++p;
      continue;
    }
    if (p[0] == '\\' && p[1] == '{') {
      if (!repeatable) return fail("interval without an atom before it");
      p += 2;
      if (!parse_interval(p, atoms_[count_ - 1])) return false;
      continue;
    }
    Atom& atom = atoms_[count_];
    memset(&atom, 0, sizeof atom);
    atom.min = atom.max = 1;
    if (*p == '.') {
      memset(atom.set, 0xff, sizeof atom.set);
      ++p;
    } else if (*p == '[') {
      ++p;
      if (!parse_bracket(p, atom)) return false;
    } else if (*p == '\\') {
      char c = p[1];
      if (c == '\0') return fail("trailing backslash");
      if (c == '(' || c == ')' || (c >= '1' && c <= '9')) return fail("groups and back-references are not supported");
      if (c == '}') return fail("unmatched \\}");
      add_character(atom.set, static_cast<unsigned char>(c), ignore_case_);
      p += 2;
    } else {
      add_character(atom.set, static_cast<unsigned char>(*p), ignore_case_);
      ++p;
    }
    ++count_;
  }
  return true;
}

bool Bre::parse_interval(const char*& p, Atom& atom) {
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
  atom.min = min;
  atom.max = max;
  return true;
}

bool Bre::parse_bracket(const char*& p, Atom& atom) {
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
  for (size_t i = 0; i < sizeof set; ++i) atom.set[i] = negate ? uint8_t(~set[i]) : set[i];
  return true;
}

bool Bre::match_here(size_t index, const char* text, const char* end) const {
  if (index == count_) return !anchored_end_ || text == end;
  const Atom& atom = atoms_[index];
  size_t n = 0;
  while (n < atom.max && text + n < end && atom.accepts(static_cast<unsigned char>(text[n]))) ++n;
  if (n < atom.min) return false;
  // Longest first; search only asks whether there is a match, so which
  // one is found does not matter.
  for (size_t k = n;; --k) {
    if (match_here(index + 1, text + k, end)) return true;
    if (k == atom.min) return false;
  }
}

bool Bre::search(const char* line, size_t length) const {
  const char* end = line + length;
  if (anchored_start_) return match_here(0, line, end);
  for (const char* start = line; start <= end; ++start) {
    if (match_here(0, start, end)) return true;
  }
  return false;
}

}  // namespace coreutils
