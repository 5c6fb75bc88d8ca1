// Host stand-in for kernel/arch/csr.h (found before it): the sstatus bits
// a new user thread's frame is built from, and a register that reads 0.
#pragma once

#include <cstdint>

namespace kernel::csr {

constexpr uint64_t kSstatusSpie = 1ull << 5;
constexpr uint64_t kSstatusSpp = 1ull << 8;
constexpr uint64_t kSstatusFsMask = 3ull << 13;
constexpr uint64_t kSstatusFsInitial = 1ull << 13;
constexpr uint64_t kSstatusSum = 1ull << 18;
inline uint64_t read_sstatus() { return 0; }

}  // namespace kernel::csr
