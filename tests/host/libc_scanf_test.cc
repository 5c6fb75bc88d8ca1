// The scanf engine (libc/src/scan.cc) against glibc's sscanf: the same
// count and the same stored values, field by field.
#include "../../libc/src/scan.h"

#include <doctest/doctest.h>

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

namespace {

class StringInput final : public tessera::libc::ScanInput {
 public:
  explicit StringInput(const char* s) : s_(s) {}
  int get() override { return *s_ ? static_cast<unsigned char>(*s_++) : -1; }
  void unget(int) override { --s_; }
  const char* rest() const { return s_; }

 private:
  const char* s_;
};

int ours(const char* input, const char* format, ...) {
  StringInput in(input);
  va_list args;
  va_start(args, format);
  int n = tessera::libc::vscan(in, format, args);
  va_end(args);
  return n;
}

// Three fields of one type T, compared after both sides wrote them.
template <typename T>
void same_three(const char* input, const char* format) {
  T a[3], b[3];
  memset(a, 0x5a, sizeof a);
  memset(b, 0x5a, sizeof b);
  int n = ours(input, format, &a[0], &a[1], &a[2]);
  int m = sscanf(input, format, &b[0], &b[1], &b[2]);
  CHECK_MESSAGE(n == m, (std::string(format) + " on [" + input + "]"));
  CHECK_MESSAGE(memcmp(a, b, sizeof a) == 0, (std::string(format) + " on [" + input + "]"));
}

void same_strings(const char* input, const char* format) {
  char a[3][32], b[3][32];
  memset(a, 0x5a, sizeof a);
  memset(b, 0x5a, sizeof b);
  int n = ours(input, format, a[0], a[1], a[2]);
  int m = sscanf(input, format, b[0], b[1], b[2]);
  CHECK_MESSAGE(n == m, (std::string(format) + " on [" + input + "]"));
  CHECK_MESSAGE(memcmp(a, b, sizeof a) == 0, (std::string(format) + " on [" + input + "]"));
}

}  // namespace

TEST_CASE("integers: bases, signs, widths, sizes and suppression") {
  const char* inputs[] = {"1 2 3", "  -12 +7 0", "0x1f 017 99", "4294967296 -1 7", "12345", "077x", "-0x10 z",
                          "", "   ", "abc", "1,2,3", "99999999999 5 6", "0 0 0"};
  for (const char* input : inputs) {
    for (const char* format : {"%d %d %d", "%i %i %i", "%u%u%u", "%x %o %d", "%2d%3d%d", "%*d %d %d", "%d,%d,%d",
                               "%1i%1i%1i", "%X %x %X"}) {
      same_three<int>(input, format);
    }
    for (const char* format : {"%ld %lld %ld", "%lx %li %lu", "%jd %zu %td"}) same_three<long long>(input, format);
    same_three<short>(input, "%hd %hi %hu");
    same_three<signed char>(input, "%hhd %hhi %hhx");
  }
}

TEST_CASE("strings, characters and scansets") {
  const char* inputs[] = {"hello world again", "  a  b  c", "abc]def-ghi", "x", "", "key=value;rest", "12ab 34cd"};
  for (const char* input : inputs) {
    for (const char* format : {"%s %s %s", "%3s%3s%3s", "%c%c%c", "%3c%2c%c", "%[a-z]%[^a-z]%s", "%[]a-c]%[^-]%s",
                               "%[^=]=%[^;];%s", "%*s %s %s", "%[0-9]%[a-z] %s", "%s%c%s"}) {
      same_strings(input, format);
    }
  }
}

TEST_CASE("floating fields: every form strtod reads, widths and sizes") {
  const char* inputs[] = {"1.5 -2.5 .25", "3.14159265358979323846 1e-400 1e400", "inf -INFINITY nan",
                          "0x1.8p3 0X.1P-2 -0x10", "12.5e-1x 7 8", "   -0.0 +.5e1 9.", "1e5e5 1 2", "abc 1 2"};
  for (const char* input : inputs) {
    for (const char* format : {"%lf %lf %lf", "%le%lg%la", "%4lf %3lf %lf", "%*lf %lf %lf", "%lF %lE %lG"}) {
      same_three<double>(input, format);
    }
    same_three<float>(input, "%f %e %g");
  }
  std::mt19937_64 random(5);
  for (int i = 0; i < 500; ++i) {
    uint64_t bits = random();
    double value;
    memcpy(&value, &bits, sizeof value);
    char text[100];
    snprintf(text, sizeof text, "%.17g %a %.30e", value, value, value);
    same_three<double>(text, "%lf %lf %lf");
  }
}

TEST_CASE("%n counts what was read; %% and literals match; EOF only before the first conversion") {
  int a = -1, n1 = -1, n2 = -1;
  CHECK(ours("  42 % x", " %d%n %% x%n", &a, &n1, &n2) == 1);
  CHECK(a == 42);
  CHECK(n1 == 4);
  CHECK(n2 == 8);
  CHECK(ours("", "%d", &a) == -1);
  CHECK(ours("   ", "%d", &a) == -1);
  CHECK(ours("5", "%d %d", &a, &n1) == 1);
  CHECK(ours("x", "%d", &a) == 0);
  CHECK(ours("ab", "abc%d", &a) == -1);
  CHECK(ours("abd", "abc%d", &a) == 0);
}

TEST_CASE("the first character the scan rejects is left for the next read") {
  StringInput in("123abc");
  int a = 0;
  auto scan = [&](const char* format, ...) {
    va_list args;
    va_start(args, format);
    int n = tessera::libc::vscan(in, format, args);
    va_end(args);
    return n;
  };
  CHECK(scan("%d", &a) == 1);
  CHECK(a == 123);
  CHECK(std::string(in.rest()) == "abc");
}

// glibc's scanf takes "1e+" as 1 and stops "nan(abc)" after "nan"; C11
// 7.21.6.2 says a field is the longest prefix of a number strtod would
// read, and fails if that prefix is not a whole one.
TEST_CASE("floating fields follow C11 where glibc departs from it") {
  double a = 0, b = 0;
  CHECK(ours("1e+ 2", "%lf %lf", &a, &b) == 0);
  CHECK(ours("-2e3 5", "%3lf %lf", &a, &b) == 0);
  CHECK(ours("nan(abc) 1", "%lf %lf", &a, &b) == 2);
  CHECK(a != a);
  CHECK(b == 1.0);
  CHECK(ours("nan(abc 1", "%lf", &a) == 0);
}
