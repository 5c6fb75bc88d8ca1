// kmalloc's size classes: powers of two from 16 to 2,048 bytes, class 0
// holding up to 16. A size's class is one load from a table of the sizes
// in 16-byte steps: rounding up to a power of two and scanning for its bit
// took about 45 instructions, on every kmalloc and every kfree.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace kernel {

constexpr size_t kMinClassShift = 4;  // 16 bytes
constexpr size_t kClassCount = 8;     // 16 .. 2048
constexpr size_t kLargestClassSize = size_t{1} << (kMinClassShift + kClassCount - 1);

namespace detail {
// Entry i: the class of the sizes (16 (i - 1), 16 i], and of 0 (i = 0).
constexpr auto kClassOfSteps = [] {
  std::array<uint8_t, kLargestClassSize / 16 + 1> table{};
  for (size_t i = 0; i < table.size(); ++i) {
    uint8_t c = 0;
    while ((size_t{16} << c) < i * 16) ++c;
    table[i] = c;
  }
  return table;
}();
}  // namespace detail

// The smallest class whose objects hold size (at most kLargestClassSize).
constexpr size_t size_class(size_t size) { return detail::kClassOfSteps[(size + 15) / 16]; }

}  // namespace kernel
