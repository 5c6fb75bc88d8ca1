// The user address-space layout every process sees (docs/abi.md): where
// programs are linked, where mem_map places regions, where the main stack is.
#pragma once

#include <cstdint>

namespace abi {

constexpr uint64_t kPageSize = 4096;
constexpr uint64_t kUserTop = 0x0000004000000000;  // the lower half of Sv39: 256 GiB

constexpr uint64_t kUserImageBase = 0x10000;  // static programs are linked here
constexpr uint64_t kUserImageTop = 0x0000001000000000;
constexpr uint64_t kUserAnonBase = 0x0000001000000000;  // mem_map regions
constexpr uint64_t kUserAnonTop = 0x0000003f00000000;
constexpr uint64_t kUserStackTop = 0x0000003ffffff000;  // below one unmapped page
constexpr uint64_t kUserStackSize = 8ull << 20;
// The top of the main thread's stack is charged when a program is loaded,
// so using that much never faults for want of memory; the rest is backed
// on touch, uncharged (a touch that finds no free frame ends the process).
constexpr uint64_t kUserStackCharged = 128ull << 10;

constexpr uint64_t page_round_down(uint64_t a) { return a & ~(kPageSize - 1); }
constexpr uint64_t page_round_up(uint64_t a) { return (a + kPageSize - 1) & ~(kPageSize - 1); }

}  // namespace abi
