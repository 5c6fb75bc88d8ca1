// SlotMap: keys find their values until erased; a stale key (its slot
// freed, perhaps reused) finds nothing; growth keeps every value; a limit
// refuses with Busy.
#include "server/slot_map.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

using server::SlotMap;

TEST_CASE("keys find their values until erased") {
  SlotMap<std::string> map;
  auto a = map.insert("a");
  auto b = map.insert("b");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(*a != *b);
  CHECK(*a != 0);
  CHECK(*map.find(*a) == "a");
  CHECK(*map.find(*b) == "b");
  CHECK(map.size() == 2);
  CHECK(map.erase(*a));
  CHECK(map.find(*a) == nullptr);
  CHECK(!map.erase(*a));
  CHECK(map.size() == 1);
}

TEST_CASE("a stale key does not find the slot's next value") {
  SlotMap<int> map;
  auto first = map.insert(1);
  REQUIRE(first.ok());
  map.erase(*first);
  auto second = map.insert(2);
  REQUIRE(second.ok());
  CHECK(uint32_t(*second) == uint32_t(*first));  // the same slot, reused
  CHECK(*second != *first);                       // with another generation
  CHECK(map.find(*first) == nullptr);
  CHECK(*map.find(*second) == 2);
}

TEST_CASE("unknown and forged keys find nothing") {
  SlotMap<int> map;
  auto key = map.insert(7);
  REQUIRE(key.ok());
  CHECK(map.find(0) == nullptr);
  CHECK(map.find(*key + 1) == nullptr);                 // another index
  CHECK(map.find(*key ^ (uint64_t{1} << 40)) == nullptr);  // another generation
  CHECK(map.find(~uint64_t{0}) == nullptr);
}

TEST_CASE("growth keeps every value and key") {
  SlotMap<std::string> map;
  std::vector<uint64_t> keys;
  for (int i = 0; i < 1000; ++i) {
    auto key = map.insert(std::to_string(i));
    REQUIRE(key.ok());
    keys.push_back(*key);
  }
  CHECK(std::set<uint64_t>(keys.begin(), keys.end()).size() == keys.size());
  for (int i = 0; i < 1000; ++i) CHECK(*map.find(keys[i]) == std::to_string(i));
  for (int i = 0; i < 1000; i += 2) map.erase(keys[i]);
  int seen = 0;
  map.for_each([&](uint64_t key, std::string& value) {
    CHECK(std::stoi(value) % 2 == 1);
    CHECK(map.find(key) == &value);
    ++seen;
  });
  CHECK(seen == 500);
}

TEST_CASE("a limit refuses with Busy and frees up again") {
  SlotMap<int> map;
  map.set_limit(2);
  auto a = map.insert(1);
  REQUIRE(map.insert(2).ok());
  auto refused = map.insert(3);
  CHECK(refused.error() == abi::Error::Busy);
  map.erase(*a);
  CHECK(map.insert(4).ok());
}

TEST_CASE("generations wrap without ever reaching a live key") {
  SlotMap<int> map;
  auto first = map.insert(0);
  REQUIRE(first.ok());
  uint64_t key = *first;
  for (int i = 0; i < 0x1000000 + 5; ++i) {
    map.erase(key);
    key = *map.insert(i);
    REQUIRE(uint32_t(key >> 32) != 0);  // never generation 0
  }
  CHECK(map.size() == 1);
}
