// Host tests of libc's <stdlib.h> bodies (tessera::libc): the strto* family
// against the host's C library, qsort against std::sort, bsearch, getenv.
#include "../../libc/src/impl/stdlib_impl.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace lib = tessera::libc;

namespace {

const char* const kNumbers[] = {
    "0", "1", "-1", "+1", "  42", "\t\n\v\f\r 42x", "-", "+", "", "   ", "x", "0x", "0X1f", "0xg", "-0x10",
    "0x7fffffffffffffff", "0x8000000000000000", "-0x8000000000000000", "-0x8000000000000001",
    "0xffffffffffffffff", "0x10000000000000000", "9223372036854775807", "9223372036854775808",
    "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
    "-18446744073709551615", "-18446744073709551616", "99999999999999999999999999", "-99999999999999999999999",
    "0777", "0778", "08", "-0", "00x1", "z", "Zz", "1e5", "12abc", "  -  5", "--5", "+-5", "0b101", "ZZZZZZZZZZZZZZ",
};
const int kBases[] = {0, 2, 8, 10, 16, 36};

// Runs one strto* function of ours and the host's on every input and base,
// comparing the value, the end pointer and errno.
template <typename T>
void compare(T (*ours)(const char*, char**, int), T (*theirs)(const char*, char**, int)) {
  for (const char* s : kNumbers) {
    for (int base : kBases) {
      CAPTURE(s);
      CAPTURE(base);
      char* our_end = nullptr;
      char* their_end = nullptr;
      errno = 0;
      T our_value = ours(s, &our_end, base);
      int our_errno = errno;
      errno = 0;
      T their_value = theirs(s, &their_end, base);
      int their_errno = errno;
      CHECK(our_value == their_value);
      CHECK(our_end - s == their_end - s);
      CHECK(our_errno == their_errno);
    }
  }
}

int compare_ints(const void* a, const void* b) {
  int x = *static_cast<const int*>(a), y = *static_cast<const int*>(b);
  return (x > y) - (x < y);
}

struct Record {
  unsigned key;
  char payload[13];
};

int compare_records(const void* a, const void* b) {
  unsigned x = static_cast<const Record*>(a)->key, y = static_cast<const Record*>(b)->key;
  return (x > y) - (x < y);
}

}  // namespace

TEST_CASE("StdlibTest.StrtolFamilyMatchesTheHost") {
  compare<long>(lib::parse_signed<long>, std::strtol);
  compare<long long>(lib::parse_signed<long long>, std::strtoll);
  compare<unsigned long>(lib::parse_unsigned<unsigned long>, std::strtoul);
  compare<unsigned long long>(lib::parse_unsigned<unsigned long long>, std::strtoull);
}

TEST_CASE("StdlibTest.StrtolOfNarrowTypesClampsToThem") {
  errno = 0;
  CHECK(lib::parse_signed<int>("2147483648", nullptr, 10) == INT_MAX);
  CHECK(errno == ERANGE);
  errno = 0;
  CHECK(lib::parse_signed<int>("-2147483648", nullptr, 10) == INT_MIN);
  CHECK(errno == 0);
  CHECK(lib::parse_unsigned<unsigned>("4294967296", nullptr, 10) == UINT_MAX);
  CHECK(errno == ERANGE);
}

TEST_CASE("StdlibTest.StrtolRejectsInvalidBases") {
  for (int base : {-1, 1, 37}) {
    errno = 0;
    char* end = nullptr;
    CHECK(lib::parse_signed<long>("123", &end, base) == 0);
    CHECK(errno == EINVAL);
  }
}

TEST_CASE("StdlibTest.QsortSortsLikeStdSort") {
  std::mt19937 rng(5);
  for (size_t n : {0, 1, 2, 3, 12, 13, 100, 1000, 20000}) {
    for (unsigned range : {2u, 100u, 1u << 30}) {
      std::vector<int> values(n);
      for (int& v : values) v = static_cast<int>(rng() % range);
      std::vector<int> expected = values;
      std::sort(expected.begin(), expected.end());
      lib::qsort(values.data(), n, sizeof(int), compare_ints);
      REQUIRE(values == expected);
    }
  }
}

TEST_CASE("StdlibTest.QsortHandlesAdversarialOrders") {
  const size_t n = 50000;
  std::vector<std::vector<int>> inputs(5, std::vector<int>(n));
  for (size_t i = 0; i < n; ++i) {
    inputs[0][i] = static_cast<int>(i);          // sorted
    inputs[1][i] = static_cast<int>(n - i);      // reversed
    inputs[2][i] = 7;                            // all equal
    inputs[3][i] = static_cast<int>(i % 2 ? i : n - i);  // organ pipe-like
    inputs[4][i] = static_cast<int>((i * 7919) % 101);   // few distinct values
  }
  for (auto& values : inputs) {
    std::vector<int> expected = values;
    std::sort(expected.begin(), expected.end());
    lib::qsort(values.data(), n, sizeof(int), compare_ints);
    REQUIRE(values == expected);
  }
}

TEST_CASE("StdlibTest.QsortMovesWholeOddSizedElements") {
  std::mt19937 rng(6);
  std::vector<Record> records(777);
  for (Record& r : records) {
    r.key = static_cast<unsigned>(rng() % 500);
    std::snprintf(r.payload, sizeof r.payload, "k%u", r.key);
  }
  lib::qsort(records.data(), records.size(), sizeof(Record), compare_records);
  for (size_t i = 0; i < records.size(); ++i) {
    if (i) REQUIRE(records[i - 1].key <= records[i].key);
    REQUIRE(std::string(records[i].payload) == "k" + std::to_string(records[i].key));
  }
}

TEST_CASE("StdlibTest.BsearchFindsEveryElementAndNoGap") {
  for (size_t n : {0, 1, 2, 7, 64, 1001}) {
    std::vector<int> values(n);
    for (size_t i = 0; i < n; ++i) values[i] = static_cast<int>(2 * i);
    for (int key = -1; key <= static_cast<int>(2 * n); ++key) {
      auto* found = static_cast<int*>(lib::bsearch(&key, values.data(), n, sizeof(int), compare_ints));
      if (key >= 0 && key % 2 == 0 && key < static_cast<int>(2 * n)) {
        REQUIRE(found == &values[static_cast<size_t>(key / 2)]);
      } else {
        REQUIRE(found == nullptr);
      }
    }
  }
}

TEST_CASE("StdlibTest.FindEnvironmentMatchesWholeNames") {
  char home[] = "HOME=/root";
  char path[] = "PATH=/bin:/sbin";
  char empty[] = "EMPTY=";
  char odd[] = "A=B=C";
  char* environment[] = {home, path, empty, odd, nullptr};
  CHECK(std::string(lib::find_environment(environment, "HOME")) == "/root");
  CHECK(std::string(lib::find_environment(environment, "PATH")) == "/bin:/sbin");
  CHECK(std::string(lib::find_environment(environment, "EMPTY")) == "");
  CHECK(std::string(lib::find_environment(environment, "A")) == "B=C");
  CHECK(lib::find_environment(environment, "HOM") == nullptr);
  CHECK(lib::find_environment(environment, "HOMES") == nullptr);
  CHECK(lib::find_environment(environment, "A=B") == nullptr);
  CHECK(lib::find_environment(environment, "") == nullptr);
  CHECK(lib::find_environment(nullptr, "HOME") == nullptr);
}
