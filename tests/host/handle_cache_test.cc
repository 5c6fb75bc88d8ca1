#include <doctest/doctest.h>

#include <random>
#include <vector>

#include "lib/handle_cache.h"
#include "malloc_chunks.h"

using namespace kernel;

namespace {

int objects[100];
constexpr uint16_t kType = 2;
constexpr uint32_t kRight = 0x4;

}  // namespace

TEST_CASE("a lookup made again finds what the table finds") {
  MallocChunks chunks;
  HandleTable table(chunks);
  HandleCache cache;
  auto a = table.add(&objects[0], kType, kRight | 1);
  auto b = table.add(&objects[1], kType, kRight);
  REQUIRE((a.ok() && b.ok()));
  CHECK(cache.find(table, *a, kType, kRight) == &objects[0]);
  CHECK(cache.find(table, *a, kType, kRight) == &objects[0]);
  CHECK(cache.find(table, *b, kType, kRight) == &objects[1]);
  CHECK(cache.find(table, *a, kType, kRight) == &objects[0]);
}

TEST_CASE("an empty cache finds nothing for a value no table has") {
  MallocChunks chunks;
  HandleTable table(chunks);
  HandleCache cache;
  CHECK(cache.find(table, ~uint64_t{0}, kType, kRight) == nullptr);
  CHECK(cache.find(table, 0, kType, kRight) == nullptr);
  CHECK(cache.find(table, uint64_t{1} << 32 | 1, kType, kRight) == nullptr);
}

TEST_CASE("a handle closed or moved away after its lookup is not found again") {
  MallocChunks chunks;
  HandleTable table(chunks);
  HandleCache cache;
  auto a = table.add(&objects[0], kType, kRight);
  REQUIRE(a.ok());
  REQUIRE(cache.find(table, *a, kType, kRight) == &objects[0]);
  REQUIRE(table.remove(*a).ok());
  CHECK(cache.find(table, *a, kType, kRight) == nullptr);
  // The slot again, with its next generation: the old value stays stale.
  auto c = table.add(&objects[2], kType, kRight);
  REQUIRE(c.ok());
  REQUIRE((*c & HandleTable::kMaxHandles) == (*a & HandleTable::kMaxHandles));
  CHECK(cache.find(table, *a, kType, kRight) == nullptr);
  CHECK(cache.find(table, *c, kType, kRight) == &objects[2]);
  HandleEntry moved = table.take(*c, *table.get(*c));
  CHECK(moved.object == &objects[2]);
  CHECK(cache.find(table, *c, kType, kRight) == nullptr);
}

TEST_CASE("the cache checks type and rights as the table does") {
  MallocChunks chunks;
  HandleTable table(chunks);
  HandleCache cache;
  auto weak = table.add(&objects[0], kType, 1);
  auto other = table.add(&objects[1], kType + 1, kRight);
  REQUIRE((weak.ok() && other.ok()));
  CHECK(cache.find(table, *weak, kType, kRight) == nullptr);
  CHECK(cache.find(table, *other, kType, kRight) == nullptr);
}

TEST_CASE("random lookups, adds and removals agree with the table") {
  MallocChunks chunks;
  HandleTable table(chunks);
  HandleCache cache;
  std::mt19937 rng(11);
  std::vector<HandleValue> values;  // live and closed
  for (int step = 0; step < 20000; ++step) {
    unsigned what = rng() % 4;
    if (values.empty() || what == 0) {
      auto h = table.add(&objects[rng() % 100], kType + rng() % 2, rng() % 2 ? kRight : 1);
      REQUIRE(h.ok());
      values.push_back(*h);
    } else if (what == 1) {
      (void)table.remove(values[rng() % values.size()]);
    } else {
      // Mostly the same few values, as the fast path asks.
      HandleValue v = values[values.size() - 1 - rng() % std::min<size_t>(values.size(), 3)];
      REQUIRE(cache.find(table, v, kType, kRight) == table.find(v, kType, kRight));
    }
  }
}
