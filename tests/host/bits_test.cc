#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <initializer_list>

#include "lib/bits.h"

using namespace kernel;

TEST_CASE("bit scans agree with <bit> for every single bit and its neighbours") {
  for (unsigned n = 0; n < 64; ++n) {
    uint64_t bit = uint64_t{1} << n;
    for (uint64_t x : {bit, bit | 1, bit | (bit >> 1), bit | (bit - 1), ~uint64_t{0} << n}) {
      CAPTURE(x);
      CHECK(bits::lowest_set(x) == unsigned(std::countr_zero(x)));
      CHECK(bits::highest_set(x) == unsigned(63 - std::countl_zero(x)));
    }
  }
}

TEST_CASE("ceil_power_of_two agrees with std::bit_ceil") {
  CHECK(bits::ceil_power_of_two(0) == 1);
  for (unsigned n = 0; n < 63; ++n) {
    uint64_t bit = uint64_t{1} << n;
    for (uint64_t x : {bit, bit + 1, bit - 1, bit | (bit >> 1)}) {
      CAPTURE(x);
      if (x) CHECK(bits::ceil_power_of_two(x) == std::bit_ceil(x));
    }
  }
  CHECK(bits::ceil_power_of_two(uint64_t{1} << 63) == uint64_t{1} << 63);
}

TEST_CASE("bit scans are constant expressions") {
  static_assert(bits::lowest_set(0x80) == 7);
  static_assert(bits::highest_set(0x81) == 7);
  static_assert(bits::ceil_power_of_two(17) == 32);
}
