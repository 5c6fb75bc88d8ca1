// sort's and uniq's logic (apps/coreutils/lib/sort_lines.h, uniq_filter.h).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../../apps/coreutils/lib/sort_lines.h"
#include "../../apps/coreutils/lib/uniq_filter.h"

using namespace coreutils;

namespace {

std::vector<std::string> sorted(std::vector<std::string> input, SortOrder order) {
  std::vector<char*> lines;
  for (auto& s : input) lines.push_back(s.data());
  size_t count = lines.size();
  REQUIRE(sort_lines(lines.data(), count, order));
  return std::vector<std::string>(lines.begin(), lines.begin() + count);
}

using Strings = std::vector<std::string>;

Sink string_sink(std::string& out) {
  return Sink{[](void* context, const char* text, size_t length) { static_cast<std::string*>(context)->append(text, length); },
              &out};
}

std::string uniq(const Strings& lines, UniqOptions options) {
  std::string out;
  UniqFilter filter(string_sink(out), options);
  for (const auto& line : lines) REQUIRE(filter.feed(line.data(), line.size()));
  filter.finish();
  return out;
}

}  // namespace

TEST_CASE("lines sort by their bytes, unsigned, as in the C locale") {
  CHECK(sorted({"b", "a", "B", "", "ab", "\xc3\xa9"}, {}) == Strings{"", "B", "a", "ab", "b", "\xc3\xa9"});
}

TEST_CASE("-r reverses the order") {
  CHECK(sorted({"b", "c", "a"}, {.reverse = true}) == Strings{"c", "b", "a"});
}

TEST_CASE("numbers compare by value, exactly, however long") {
  CHECK(compare_numbers("10", "9") > 0);
  CHECK(compare_numbers("-10", "9") < 0);
  CHECK(compare_numbers("-10", "-9") < 0);
  CHECK(compare_numbers("1.5", "1.25") > 0);
  CHECK(compare_numbers("1.50", "1.5") == 0);
  CHECK(compare_numbers("007", "7") == 0);
  CHECK(compare_numbers("-0", "0") == 0);
  CHECK(compare_numbers("  42", "42") == 0);
  CHECK(compare_numbers("abc", "0") == 0);  // no number is 0
  CHECK(compare_numbers("-.5", "0") < 0);
  CHECK(compare_numbers("123456789012345678901234567890", "123456789012345678901234567891") < 0);
  CHECK(compare_numbers("3 apples", "12 pears") < 0);
}

TEST_CASE("-n sorts by leading number; equal numbers by their bytes") {
  CHECK(sorted({"10", "9", "-1", "abc", "2x", "2a"}, {.numeric = true}) == Strings{"-1", "abc", "2a", "2x", "9", "10"});
  CHECK(sorted({"10", "9", "100"}, {.reverse = true, .numeric = true}) == Strings{"100", "10", "9"});
}

TEST_CASE("-u keeps one of each run of equal lines") {
  CHECK(sorted({"b", "a", "b", "a", "c"}, {.unique = true}) == Strings{"a", "b", "c"});
  // With -n, lines equal as numbers are the same line: the first stays.
  CHECK(sorted({"01", "1", "2", "1.0"}, {.numeric = true, .unique = true}) == Strings{"01", "2"});
}

TEST_CASE("sorting is stable and handles many lines") {
  std::vector<std::string> input;
  for (int i = 0; i < 1000; ++i) input.push_back(std::to_string((i * 7919) % 1000));
  auto out = sorted(input, {.numeric = true});
  REQUIRE(out.size() == 1000);
  for (int i = 0; i < 1000; ++i) CHECK(out[size_t(i)] == std::to_string(i));
  CHECK(sorted({}, {}).empty());
  CHECK(sorted({"x"}, {}) == Strings{"x"});
}

TEST_CASE("uniq writes each run of equal adjacent lines once") {
  CHECK(uniq({"a", "a", "b", "a", "a", "a"}, {}) == "a\nb\na\n");
  CHECK(uniq({}, {}) == "");
  CHECK(uniq({"", "", "x"}, {}) == "\nx\n");
}

TEST_CASE("uniq -c counts each run as GNU uniq prints it") {
  CHECK(uniq({"a", "a", "b"}, {.count = true}) == "      2 a\n      1 b\n");
}

TEST_CASE("uniq -d writes only the repeated runs") {
  CHECK(uniq({"a", "a", "b", "c", "c", "c"}, {.repeated_only = true}) == "a\nc\n");
  CHECK(uniq({"a", "a", "b"}, {.count = true, .repeated_only = true}) == "      2 a\n");
}

TEST_CASE("uniq compares whole lines, not prefixes") {
  CHECK(uniq({"ab", "a", "a"}, {.count = true}) == "      1 ab\n      2 a\n");
}
