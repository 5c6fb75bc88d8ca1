#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "format.h"

namespace {

// Formats with ours and with the host C library; they must agree.
template <typename... Args>
void agrees(const char* format, Args... args) {
  char ours[256];
  char theirs[256];
  int n = fmt::snprintf(ours, sizeof ours, format, args...);
  int m = std::snprintf(theirs, sizeof theirs, format, args...);
  CHECK_MESSAGE(std::string(ours) == std::string(theirs), format);
  CHECK(n == m);
}

}  // namespace

TEST_CASE("integer conversions match the C library") {
  agrees("%d %i %u", 42, -17, 3000000000u);
  agrees("%ld %lu %lld", -1234567890123L, 18446744073709551615UL, -5LL);
  agrees("%x %X %o %#x %#o", 255u, 255u, 8u, 255u, 8u);
  agrees("%5d|%-5d|%05d|%+d|% d", 42, 42, 42, 42, 42);
  agrees("%.3d|%8.3d|%-8.3x|%.0d", 7, 7, 255u, 0);
  agrees("%hhd %hd %hhu", 300, 70000, 300);
  agrees("%zu %zd", size_t{12345}, ptrdiff_t{-3});
  agrees("%d", -2147483647 - 1);
  agrees("%ld", -9223372036854775807L - 1);
}

TEST_CASE("strings, chars and percent") {
  agrees("%s|%10s|%-10s|%.2s", "abc", "abc", "abc", "abc");
  agrees("%c%c|%3c", 'x', 'y', 'z');
  agrees("100%%");
  agrees("%*d|%-*d|%.*s", 6, 1, 6, 2, 2, "hello");
}

TEST_CASE("pointers print as 0x-prefixed hex") {
  char out[64];
  fmt::snprintf(out, sizeof out, "%p", reinterpret_cast<void*>(0x1234));
  CHECK(std::string(out) == "0x1234");
}

TEST_CASE("null string prints as (null)") {
  char out[32];
  fmt::snprintf(out, sizeof out, "%s", static_cast<const char*>(nullptr));
  CHECK(std::string(out) == "(null)");
}

TEST_CASE("output is truncated to the buffer but the full length is returned") {
  char out[8];
  int n = fmt::snprintf(out, sizeof out, "%s", "0123456789");
  CHECK(n == 10);
  CHECK(std::string(out) == "0123456");
  CHECK(fmt::snprintf(nullptr, 0, "%d", 12345) == 5);
}
