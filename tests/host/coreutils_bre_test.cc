// grep's patterns (apps/coreutils/lib/bre.h, line_pattern.h): POSIX basic
// regular expressions and fixed strings.
#include <doctest/doctest.h>

#include <cstring>

#include "../../apps/coreutils/lib/bre.h"
#include "../../apps/coreutils/lib/line_pattern.h"

using coreutils::Bre;
using coreutils::LinePattern;

namespace {

bool bre(const char* pattern, const char* line, bool ignore_case = false) {
  Bre re;
  REQUIRE_MESSAGE(re.compile(pattern, ignore_case), pattern);
  return re.search(line, strlen(line));
}

const char* compile_error(const char* pattern) {
  Bre re;
  if (re.compile(pattern, false)) return nullptr;
  return re.error();
}

}  // namespace

TEST_CASE("ordinary characters match themselves anywhere in the line") {
  CHECK(bre("abc", "abc"));
  CHECK(bre("abc", "xxabcxx"));
  CHECK_FALSE(bre("abc", "ab"));
  CHECK_FALSE(bre("abc", "abx"));
  CHECK(bre("", "anything"));
  CHECK(bre("", ""));
}

TEST_CASE("dot matches any one character") {
  CHECK(bre("a.c", "abc"));
  CHECK(bre("a.c", "a-c"));
  CHECK_FALSE(bre("a.c", "ac"));
}

TEST_CASE("star repeats the atom before it zero or more times, and backtracks") {
  CHECK(bre("ab*c", "ac"));
  CHECK(bre("ab*c", "abbbbc"));
  CHECK_FALSE(bre("ab*c", "abbbd"));
  CHECK(bre("a.*b", "a and then b"));
  CHECK(bre("x*x*y", "xxxy"));
  CHECK(bre("a.*a", "banana"));
  // A leading star (or one after ^) is an ordinary character.
  CHECK(bre("*a", "x*a"));
  CHECK_FALSE(bre("*a", "a"));
  CHECK(bre("^*", "*"));
  CHECK_FALSE(bre("^*", "a"));
}

TEST_CASE("anchors: ^ at the start, $ at the end; elsewhere they are ordinary") {
  CHECK(bre("^ab", "abc"));
  CHECK_FALSE(bre("^ab", "cab"));
  CHECK(bre("bc$", "abc"));
  CHECK_FALSE(bre("bc$", "abcd"));
  CHECK(bre("^abc$", "abc"));
  CHECK_FALSE(bre("^abc$", "abcc"));
  CHECK(bre("^$", ""));
  CHECK_FALSE(bre("^$", "x"));
  CHECK(bre("a^b", "a^b"));
  CHECK(bre("a$b", "a$b"));
  CHECK(bre("^.*$", "whatever"));
}

TEST_CASE("bracket expressions: sets, ranges, negation, classes") {
  CHECK(bre("[abc]x", "bx"));
  CHECK_FALSE(bre("[abc]x", "dx"));
  CHECK(bre("[a-c][0-9]", "b7"));
  CHECK_FALSE(bre("^[a-c]", "d"));
  CHECK(bre("^[^a-c]", "d"));
  CHECK_FALSE(bre("^[^a-c]", "a"));
  CHECK(bre("[]x]", "]"));
  CHECK(bre("[^]x]", "a"));
  CHECK_FALSE(bre("^[^]x]$", "]"));
  CHECK(bre("[a-]", "-"));
  CHECK(bre("^[[:digit:]]*$", "0123"));
  CHECK_FALSE(bre("^[[:digit:]]*$", "01a3"));
  CHECK(bre("[[:upper:][:space:]]", "a b"));
  CHECK(bre("[.]", "."));
  CHECK_FALSE(bre("[.]", "x"));
  CHECK(bre("[*]", "*"));
}

TEST_CASE("escapes make special characters ordinary") {
  CHECK(bre("a\\.c", "a.c"));
  CHECK_FALSE(bre("a\\.c", "abc"));
  CHECK(bre("a\\*", "a*"));
  CHECK(bre("\\[x\\]", "[x]"));
  CHECK(bre("\\^a", "b^a"));
  CHECK(bre("a\\$", "a$b"));
  CHECK(bre("\\\\", "a\\b"));
}

TEST_CASE("intervals repeat an atom m to n times") {
  CHECK(bre("^a\\{2\\}$", "aa"));
  CHECK_FALSE(bre("^a\\{2\\}$", "aaa"));
  CHECK(bre("^a\\{2,\\}$", "aaaa"));
  CHECK_FALSE(bre("^a\\{2,\\}$", "a"));
  CHECK(bre("^a\\{1,3\\}b", "aaab"));
  CHECK_FALSE(bre("^a\\{1,3\\}b", "aaaab"));
  CHECK(bre("^[0-9]\\{3\\}-", "123-456"));
}

TEST_CASE("ignoring case covers characters and sets") {
  CHECK(bre("hello", "HeLLo", true));
  CHECK_FALSE(bre("hello", "HeLLo", false));
  CHECK(bre("^[a-c]x", "BX", true));
  CHECK(bre("^[^a-c]", "D", true));
  CHECK_FALSE(bre("^[^a-c]", "B", true));
}

TEST_CASE("invalid or unsupported patterns are refused with a reason") {
  CHECK(compile_error("[abc") != nullptr);
  CHECK(compile_error("abc\\") != nullptr);
  CHECK(compile_error("[[:nope:]]") != nullptr);
  CHECK(compile_error("[z-a]") != nullptr);
  CHECK(compile_error("a\\{2") != nullptr);
  CHECK(compile_error("a\\{3,2\\}") != nullptr);
  CHECK(compile_error("\\{2\\}") != nullptr);
  CHECK(compile_error("a\\}") != nullptr);
  CHECK(compile_error("\\(a") != nullptr);
  CHECK(compile_error("a\\)") != nullptr);
  CHECK(compile_error("\\1") != nullptr);
  CHECK(compile_error("\\(a\\1\\)") != nullptr);
  CHECK(compile_error("\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(a\\)\\)\\)\\)\\)\\)\\)\\)\\)\\)") != nullptr);
}

TEST_CASE("groups match their body and may be repeated") {
  CHECK(bre("\\(ab\\)c", "xabcx"));
  CHECK(bre("^\\(ab\\)*c$", "ababc"));
  CHECK(bre("^\\(ab\\)*c$", "c"));
  CHECK_FALSE(bre("^\\(ab\\)*c$", "abac"));
  CHECK(bre("^\\(ab\\)\\{2\\}$", "abab"));
  CHECK_FALSE(bre("^\\(ab\\)\\{2\\}$", "ab"));
  CHECK(bre("^\\(a*\\)*$", "aaa"));  // a body that can match empty ends
  CHECK(bre("\\(*a\\)", "*a"));       // a star first in a group is ordinary
}

TEST_CASE("back-references match what their group matched") {
  CHECK(bre("^\\(a*\\)b\\1$", "aabaa"));
  CHECK_FALSE(bre("^\\(a*\\)b\\1$", "aaba"));
  CHECK(bre("\\([a-c]\\)\\1", "xbbx"));
  CHECK_FALSE(bre("\\([a-c]\\)\\1", "xbcx"));
  CHECK(bre("^\\(\\(a\\)b\\)\\2\\1$", "abaab"));
  CHECK(bre("^\\([ab]\\)*\\1$", "abb"));    // the last pass is what \\1 is
  CHECK_FALSE(bre("^\\([ab]\\)*\\1$", "aba"));
  CHECK(bre("^\\(.\\)\\1*$", "xxxx"));
  CHECK_FALSE(bre("^\\(.\\)\\1*$", "xxyx"));
  CHECK(bre("\\(a\\)\\1", "aA", true));
  CHECK_FALSE(bre("\\(a\\)\\1", "aA", false));
  CHECK(bre("^\\(\\)\\1x", "x"));          // an empty capture
}

TEST_CASE("a line is searched within its length, not up to a NUL") {
  Bre re;
  REQUIRE(re.compile("b$", false));
  CHECK(re.search("abc", 2));
  CHECK_FALSE(re.search("abc", 1));
}

TEST_CASE("fixed strings: no character is special, case may be ignored") {
  LinePattern fixed;
  REQUIRE(fixed.add("a.*[b]", true, false));
  CHECK(fixed.matches("xa.*[b]y", 8));
  CHECK_FALSE(fixed.matches("aXXb", 4));
  LinePattern any_case;
  REQUIRE(any_case.add("Hello", true, true));
  CHECK(any_case.matches("say hELLO", 9));
  CHECK_FALSE(any_case.matches("say hell", 8));
}

TEST_CASE("several patterns, given apart or separated by newlines, match if any does") {
  LinePattern pattern;
  REQUIRE(pattern.add("^a\nb$", false, false));
  REQUIRE(pattern.add("[0-9]", false, false));
  CHECK(pattern.matches("abc", 3));
  CHECK(pattern.matches("cab", 3));
  CHECK(pattern.matches("x7x", 3));
  CHECK_FALSE(pattern.matches("cac", 3));
  LinePattern bad;
  CHECK_FALSE(bad.add("ok\n[bad", false, false));
  CHECK(bad.error() != nullptr);
}
