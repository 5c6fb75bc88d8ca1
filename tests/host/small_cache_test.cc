#include <doctest/doctest.h>

#include <cstdint>

#include "../../libc/src/malloc/small_cache.h"

using tessera::SmallCache;

namespace {
alignas(16) uint8_t blocks[8][SmallCache::kLargest];
}

TEST_CASE("a kept block comes back for its own size only, last kept first") {
  SmallCache cache;
  CHECK(cache.take(32) == nullptr);
  CHECK(cache.keep(blocks[0], 32));
  CHECK(cache.keep(blocks[1], 32));
  CHECK(cache.keep(blocks[2], 48));
  CHECK(cache.take(16) == nullptr);
  CHECK(cache.take(64) == nullptr);
  CHECK(cache.take(32) == blocks[1]);
  CHECK(cache.take(48) == blocks[2]);
  CHECK(cache.take(32) == blocks[0]);
  CHECK(cache.take(32) == nullptr);
  CHECK(cache.take(48) == nullptr);
}

TEST_CASE("each size keeps at most kPerSize blocks, and only sizes up to kLargest") {
  SmallCache cache;
  for (uint32_t i = 0; i < SmallCache::kPerSize; ++i) CHECK(cache.keep(blocks[i], 16));
  CHECK_FALSE(cache.keep(blocks[SmallCache::kPerSize], 16));
  CHECK(cache.keep(blocks[SmallCache::kPerSize], 128));
  CHECK_FALSE(cache.keep(blocks[SmallCache::kPerSize + 1], SmallCache::kLargest + 16));
  CHECK(cache.take(SmallCache::kLargest + 16) == nullptr);
  CHECK_FALSE(cache.keep(blocks[SmallCache::kPerSize + 1], 0));
  CHECK(cache.take(0) == nullptr);
  // Taking one makes room for one more.
  CHECK(cache.take(16) == blocks[SmallCache::kPerSize - 1]);
  CHECK(cache.keep(blocks[SmallCache::kPerSize + 1], 16));
  CHECK(cache.take(16) == blocks[SmallCache::kPerSize + 1]);
}
