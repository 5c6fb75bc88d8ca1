// Host tests of vfs's SlotTable: free slots are reused, the table grows
// when none is free, and grown slots start as zero (free).
#include <doctest/doctest.h>

#include "../../servers/vfs/slot_table.h"

using vfs::SlotTable;

namespace {

struct Slot {
  uint32_t value;
  bool used;
};

bool is_free(const Slot& s) { return !s.used; }

uint32_t take(SlotTable<Slot>& table, uint32_t value) {
  auto index = table.take(is_free);
  REQUIRE(index.ok());
  table[*index] = Slot{value, true};
  return *index;
}

}  // namespace

TEST_CASE("SlotTable.GrowsWhenNoSlotIsFreeAndKeepsWhatItHeld") {
  SlotTable<Slot> table;
  CHECK(table.size() == 0);
  for (uint32_t i = 0; i < 1000; ++i) CHECK(take(table, i * 3) == i);
  CHECK(table.size() >= 1000);
  for (uint32_t i = 0; i < 1000; ++i) CHECK(table[i].value == i * 3);
  for (uint32_t i = 1000; i < table.size(); ++i) CHECK(is_free(table[i]));
}

TEST_CASE("SlotTable.ReusesAFreedSlotBeforeGrowing") {
  SlotTable<Slot> table;
  for (uint32_t i = 0; i < 8; ++i) take(table, i);
  uint32_t size = table.size();
  table[5].used = false;
  CHECK(take(table, 55) == 5);
  CHECK(table.size() == size);
  CHECK(table[5].value == 55);
}
