#include <doctest/doctest.h>

#include <bit>
#include <cstddef>

#include "lib/size_class.h"

using namespace kernel;

TEST_CASE("every size up to the largest class gets the smallest power of two that holds it") {
  for (size_t size = 0; size <= kLargestClassSize; ++size) {
    CAPTURE(size);
    size_t expected = std::bit_width(std::bit_ceil(size < 16 ? size_t{16} : size)) - 1 - kMinClassShift;
    CHECK(size_class(size) == expected);
    size_t class_size = size_t{16} << size_class(size);
    CHECK(class_size >= size);
    if (size_class(size) > 0) CHECK(class_size / 2 < size);
  }
}

TEST_CASE("the classes' ends") {
  CHECK(size_class(1) == 0);
  CHECK(size_class(16) == 0);
  CHECK(size_class(17) == 1);
  CHECK(size_class(256) == 4);
  CHECK(size_class(257) == 5);
  CHECK(size_class(kLargestClassSize) == kClassCount - 1);
}
