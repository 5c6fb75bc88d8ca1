// The board: one round counter per pair, in a membuf the conductor shares
// with the clients. Each pair's client is its counter's only writer; the
// conductor reads them to see that every pair makes progress.
#pragma once

#include <cstdint>

namespace stress {

constexpr uint32_t kMaxPairs = 16;
constexpr uint64_t kBoardBytes = 4096;
// Each counter on its own 64-byte line: the clients run on different harts.
constexpr uint32_t kCounterStride = 64 / sizeof(uint64_t);
static_assert(kMaxPairs * kCounterStride * sizeof(uint64_t) <= kBoardBytes);

inline uint64_t* round_counter(uint64_t* board, uint32_t slot) { return board + slot * kCounterStride; }

}  // namespace stress
