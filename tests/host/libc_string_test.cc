// Host tests of libc's <string.h> and <ctype.h> bodies (tessera::libc),
// compared with the host's C library on many inputs.
#include "../../libc/src/impl/ctype_impl.h"
#include "../../libc/src/impl/string_impl.h"

#include <doctest/doctest.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace lib = tessera::libc;

namespace {

int sign(int x) { return (x > 0) - (x < 0); }

// Random NUL-terminated strings over a small alphabet, so that searches and
// comparisons hit as often as they miss.
std::string random_string(std::mt19937& rng, size_t max_length, const char* alphabet = "abcAB ,.") {
  size_t alphabet_size = std::strlen(alphabet);
  std::string s(rng() % (max_length + 1), ' ');
  for (char& c : s) c = alphabet[rng() % alphabet_size];
  return s;
}

std::vector<std::string> sample_strings() {
  std::mt19937 rng(7);
  std::vector<std::string> strings = {"", "a", "A", "abc", "abd", "ab", "ABC", "\x80\xff", "a\x7f", " \t\n"};
  for (int i = 0; i < 200; ++i) strings.push_back(random_string(rng, 12));
  return strings;
}

}  // namespace

TEST_CASE("StringTest.CopiesMatchForEveryAlignmentAndLength") {
  std::mt19937 rng(1);
  std::vector<unsigned char> source(400);
  for (auto& b : source) b = static_cast<unsigned char>(rng());
  for (size_t src_offset = 0; src_offset < 16; ++src_offset) {
    for (size_t dst_offset = 0; dst_offset < 16; ++dst_offset) {
      for (size_t n : {0, 1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 100, 255, 300}) {
        std::vector<unsigned char> ours(400, 0xee), theirs(400, 0xee);
        CHECK(lib::memcpy(ours.data() + dst_offset, source.data() + src_offset, n) == ours.data() + dst_offset);
        std::memcpy(theirs.data() + dst_offset, source.data() + src_offset, n);
        REQUIRE(ours == theirs);
      }
    }
  }
}

// Lengths around the 2 KiB round (lib::kCopyRoundWords) and its multiples,
// from every alignment: the head, the rounds and each tail loop.
TEST_CASE("StringTest.LongCopiesMatchAcrossRoundEdges") {
  constexpr size_t kRound = lib::kCopyRoundWords * 8;
  std::mt19937 rng(3);
  std::vector<unsigned char> source(3 * kRound + 64);
  for (auto& b : source) b = static_cast<unsigned char>(rng());
  for (size_t src_offset : {0, 1, 8, 13}) {
    for (size_t dst_offset : {0, 5, 8, 13}) {
      for (size_t n : {kRound - 8, kRound - 1, kRound, kRound + 1, kRound + 40, 2 * kRound, 2 * kRound + 31,
                       3 * kRound + 7}) {
        std::vector<unsigned char> ours(source.size() + 16, 0xee), theirs(source.size() + 16, 0xee);
        CHECK(lib::memcpy(ours.data() + dst_offset, source.data() + src_offset, n) == ours.data() + dst_offset);
        std::memcpy(theirs.data() + dst_offset, source.data() + src_offset, n);
        REQUIRE(ours == theirs);
      }
    }
  }
}

// A long move down by less than a round: the round's stores overwrite
// source words it has already loaded, never ones it has still to load.
TEST_CASE("StringTest.LongMemmoveDownOverlappingItsRound") {
  constexpr size_t kRound = lib::kCopyRoundWords * 8;
  std::mt19937 rng(4);
  for (size_t distance : {size_t{8}, size_t{16}, size_t{200}, kRound - 8, kRound + 8}) {
    std::vector<unsigned char> ours(4 * kRound);
    for (auto& b : ours) b = static_cast<unsigned char>(rng());
    std::vector<unsigned char> theirs = ours;
    size_t n = 2 * kRound + 24;
    CHECK(lib::memmove(ours.data(), ours.data() + distance, n) == ours.data());
    std::memmove(theirs.data(), theirs.data() + distance, n);
    REQUIRE(ours == theirs);
  }
}

TEST_CASE("StringTest.MemmoveHandlesOverlapInBothDirections") {
  std::mt19937 rng(2);
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<unsigned char> ours(300);
    for (auto& b : ours) b = static_cast<unsigned char>(rng());
    std::vector<unsigned char> theirs = ours;
    size_t src = rng() % 150, dst = rng() % 150, n = rng() % 150;
    CHECK(lib::memmove(ours.data() + dst, ours.data() + src, n) == ours.data() + dst);
    std::memmove(theirs.data() + dst, theirs.data() + src, n);
    REQUIRE(ours == theirs);
  }
}

TEST_CASE("StringTest.MemsetMatchesForEveryAlignmentAndLength") {
  for (size_t offset = 0; offset < 16; ++offset) {
    for (size_t n = 0; n < 200; n += (n < 40 ? 1 : 13)) {
      for (int value : {0, 0x5a, 0xff, -1, 0x1234}) {
        std::vector<unsigned char> ours(256, 0xee), theirs(256, 0xee);
        CHECK(lib::memset(ours.data() + offset, value, n) == ours.data() + offset);
        std::memset(theirs.data() + offset, value, n);
        REQUIRE(ours == theirs);
      }
    }
  }
}

TEST_CASE("StringTest.MemcmpAndMemchrMatch") {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 5000; ++trial) {
    std::string a = random_string(rng, 20, "ab\x80\xff"), b = random_string(rng, 20, "ab\x80\xff");
    size_t n = std::min(a.size(), b.size());
    CHECK(sign(lib::memcmp(a.data(), b.data(), n)) == sign(std::memcmp(a.data(), b.data(), n)));
    int c = "ab\x80\xff"[rng() % 4];
    CHECK(lib::memchr(a.data(), c, a.size()) == std::memchr(a.data(), c, a.size()));
    CHECK(lib::memchr(a.data(), c + 256, a.size()) == std::memchr(a.data(), c + 256, a.size()));
  }
}

TEST_CASE("StringTest.LengthsAndComparisonsMatch") {
  auto strings = sample_strings();
  for (const std::string& x : strings) {
    const char* a = x.c_str();
    CHECK(lib::strlen(a) == std::strlen(a));
    for (size_t max : {0, 1, 3, 100}) CHECK(lib::strnlen(a, max) == ::strnlen(a, max));
    for (const std::string& y : strings) {
      const char* b = y.c_str();
      REQUIRE(sign(lib::strcmp(a, b)) == sign(std::strcmp(a, b)));
      REQUIRE(sign(lib::strcasecmp(a, b)) == sign(::strcasecmp(a, b)));
      for (size_t n : {0, 1, 2, 5, 50}) {
        REQUIRE(sign(lib::strncmp(a, b, n)) == sign(std::strncmp(a, b, n)));
        REQUIRE(sign(lib::strncasecmp(a, b, n)) == sign(::strncasecmp(a, b, n)));
      }
    }
  }
}

TEST_CASE("StringTest.SearchesMatch") {
  auto strings = sample_strings();
  for (const std::string& x : strings) {
    const char* s = x.c_str();
    for (int c : {int{'a'}, int{'B'}, int{' '}, int{'\0'}, int{'z'}, 'a' + 256}) {
      REQUIRE(lib::strchr(s, c) == std::strchr(s, c));
      REQUIRE(lib::strrchr(s, c) == std::strrchr(s, c));
    }
    for (const char* set : {"", "a", "ab ", ",.", "xyz", "abcAB ,."}) {
      REQUIRE(lib::strspn(s, set) == std::strspn(s, set));
      REQUIRE(lib::strcspn(s, set) == std::strcspn(s, set));
      REQUIRE(lib::strpbrk(s, set) == std::strpbrk(s, set));
    }
    for (const std::string& y : strings) {
      if (y.size() > 4) continue;
      REQUIRE(lib::strstr(s, y.c_str()) == std::strstr(s, y.c_str()));
    }
  }
}

TEST_CASE("StringTest.CopyAndConcatenateMatch") {
  auto strings = sample_strings();
  for (const std::string& x : strings) {
    for (const std::string& y : {std::string(""), std::string("xy"), std::string("hello, world")}) {
      for (size_t n : {0, 1, 2, 5, 13, 20}) {
        char ours[64], theirs[64];
        std::memset(ours, '#', sizeof ours);
        std::memset(theirs, '#', sizeof theirs);
        CHECK(lib::strncpy(ours, x.c_str(), n) == ours);
        std::strncpy(theirs, x.c_str(), n);
        REQUIRE(std::memcmp(ours, theirs, sizeof ours) == 0);

        std::strcpy(ours, y.c_str());
        std::strcpy(theirs, y.c_str());
        CHECK(lib::strncat(ours, x.c_str(), n) == ours);
        std::strncat(theirs, x.c_str(), n);
        REQUIRE(std::memcmp(ours, theirs, sizeof ours) == 0);
      }
      char ours[64], theirs[64];
      CHECK(lib::strcpy(ours, y.c_str()) == ours);
      std::strcpy(theirs, y.c_str());
      CHECK(lib::strcat(ours, x.c_str()) == ours);
      std::strcat(theirs, x.c_str());
      REQUIRE(std::strcmp(ours, theirs) == 0);
    }
  }
}

TEST_CASE("StringTest.StrtokRMatchesTheHost") {
  auto strings = sample_strings();
  for (const std::string& x : strings) {
    for (const char* delimiters : {" ", ",. ", "a", ""}) {
      std::string ours_buffer = x, theirs_buffer = x;
      char* ours_save = nullptr;
      char* theirs_save = nullptr;
      char* ours = lib::strtok_r(ours_buffer.data(), delimiters, &ours_save);
      char* theirs = ::strtok_r(theirs_buffer.data(), delimiters, &theirs_save);
      for (;;) {
        REQUIRE((ours == nullptr) == (theirs == nullptr));
        if (!ours) break;
        REQUIRE(std::string(ours) == std::string(theirs));
        REQUIRE(ours - ours_buffer.data() == theirs - theirs_buffer.data());
        ours = lib::strtok_r(nullptr, delimiters, &ours_save);
        theirs = ::strtok_r(nullptr, delimiters, &theirs_save);
      }
      // Once exhausted, it stays exhausted.
      CHECK(lib::strtok_r(nullptr, delimiters, &ours_save) == nullptr);
    }
  }
}

TEST_CASE("StringTest.DuplicatesAreIndependentCopies") {
  const char* text = "duplicate me";
  char* copy = lib::strdup(text);
  REQUIRE(copy);
  CHECK(copy != text);
  CHECK(std::strcmp(copy, text) == 0);
  std::free(copy);
  for (size_t n : {0, 3, 12, 100}) {
    char* prefix = lib::strndup(text, n);
    char* expected = ::strndup(text, n);
    REQUIRE(prefix);
    CHECK(std::strcmp(prefix, expected) == 0);
    std::free(prefix);
    std::free(expected);
  }
}

TEST_CASE("CtypeTest.ClassesMatchTheCLocale") {
  for (int c = -1; c < 256; ++c) {
    CAPTURE(c);
    REQUIRE(bool(lib::isalpha(c)) == bool(std::isalpha(c)));
    REQUIRE(bool(lib::isdigit(c)) == bool(std::isdigit(c)));
    REQUIRE(bool(lib::isalnum(c)) == bool(std::isalnum(c)));
    REQUIRE(bool(lib::isspace(c)) == bool(std::isspace(c)));
    REQUIRE(bool(lib::isblank(c)) == bool(std::isblank(c)));
    REQUIRE(bool(lib::isupper(c)) == bool(std::isupper(c)));
    REQUIRE(bool(lib::islower(c)) == bool(std::islower(c)));
    REQUIRE(bool(lib::isxdigit(c)) == bool(std::isxdigit(c)));
    REQUIRE(bool(lib::isprint(c)) == bool(std::isprint(c)));
    REQUIRE(bool(lib::isgraph(c)) == bool(std::isgraph(c)));
    REQUIRE(bool(lib::ispunct(c)) == bool(std::ispunct(c)));
    REQUIRE(bool(lib::iscntrl(c)) == bool(std::iscntrl(c)));
    REQUIRE(lib::toupper(c) == std::toupper(c));
    REQUIRE(lib::tolower(c) == std::tolower(c));
  }
}
