#include <doctest/doctest.h>

#include <map>
#include <random>
#include <vector>

#include "lib/handle_table.h"
#include "malloc_chunks.h"

using namespace kernel;

namespace {

int objects[1000];

}  // namespace

TEST_CASE("an added handle finds its object, type and rights") {
  MallocChunks chunks;
  HandleTable table(chunks);
  auto h = table.add(&objects[0], 3, 0x5);
  REQUIRE(h.ok());
  auto e = table.get(*h);
  REQUIRE(e.ok());
  CHECK((*e)->object == &objects[0]);
  CHECK((*e)->type == 3);
  CHECK((*e)->rights == 0x5);
  CHECK(table.count() == 1);
}

TEST_CASE("a table that never grew finds nothing, not even in slot 0") {
  MallocChunks chunks;
  HandleTable table(chunks);
  CHECK(table.find(0, 0, 0) == nullptr);
  CHECK(table.find(1u << HandleTable::kIndexBits, 0, 0) == nullptr);
  CHECK(table.find(1, 0, 0) == nullptr);
}

TEST_CASE("handle zero and made-up values are bad handles") {
  MallocChunks chunks;
  HandleTable table(chunks);
  CHECK(table.get(0).error() == Error::BadHandle);
  CHECK(table.get(0xffffffff).error() == Error::BadHandle);
  auto h = table.add(&objects[0], 1, 1);
  REQUIRE(h.ok());
  CHECK(table.get(*h + 1).error() == Error::BadHandle);
  CHECK(table.get(*h ^ (1u << 25)).error() == Error::BadHandle);  // wrong generation
}

TEST_CASE("a slot the table never handed out is no handle, whatever its memory holds") {
  MallocChunks chunks;
  HandleTable table(chunks);
  for (int i = 0; i < 3; ++i) REQUIRE(table.add(&objects[i], 1, 1).ok());
  // Slot 5 lies in the chunk already allocated; its bytes say generation 0x101.
  HandleValue forged = (0x101u << HandleTable::kIndexBits) | 5;
  CHECK(table.get(forged).error() == Error::BadHandle);
  CHECK(table.find(forged, 0x101, 0) == nullptr);
  // Slot 0 is never handed out, nor initialised.
  HandleValue zero = 0x101u << HandleTable::kIndexBits;
  CHECK(table.get(zero).error() == Error::BadHandle);
  CHECK(table.find(zero, 0x101, 0) == nullptr);
  int visited = 0;
  table.for_each([&](HandleValue, HandleEntry&) { ++visited; });
  CHECK(visited == 3);
  CHECK(table.free_slots() == HandleTable::kChunkEntries - 1 - 3);
}

TEST_CASE("a freed slot is taken again before a fresh one, with its next generation") {
  MallocChunks chunks;
  HandleTable table(chunks);
  auto a = table.add(&objects[0], 1, 1);
  auto b = table.add(&objects[1], 1, 1);
  REQUIRE((a.ok() && b.ok()));
  REQUIRE(table.remove(*a).ok());
  auto c = table.add(&objects[2], 1, 1);
  REQUIRE(c.ok());
  CHECK((*c & HandleTable::kMaxHandles) == (*a & HandleTable::kMaxHandles));
  CHECK(*c != *a);
  CHECK(table.get(*a).error() == Error::BadHandle);
  CHECK((*table.get(*c))->object == &objects[2]);
  auto d = table.add(&objects[3], 1, 1);
  REQUIRE(d.ok());
  CHECK((*d & HandleTable::kMaxHandles) == 3);
}

TEST_CASE("generations cycle through 1..kGenerationMask, never 0") {
  CHECK(HandleTable::next_generation(1) == 2);
  CHECK(HandleTable::next_generation(0x7ff) == 0x800);
  CHECK(HandleTable::next_generation(HandleTable::kGenerationMask - 1) == HandleTable::kGenerationMask);
  CHECK(HandleTable::next_generation(HandleTable::kGenerationMask) == 1);
  // A slot freed and taken again kGenerationMask times is back at its first value, never at 0.
  MallocChunks chunks;
  HandleTable table(chunks);
  auto first = table.add(&objects[0], 1, 1);
  REQUIRE(first.ok());
  HandleValue value = *first;
  for (uint32_t round = 0; round < HandleTable::kGenerationMask; ++round) {
    REQUIRE(table.remove(value).ok());
    auto again = table.add(&objects[0], 1, 1);
    REQUIRE(again.ok());
    CHECK((*again >> HandleTable::kIndexBits) != 0);
    value = *again;
  }
  CHECK(value == *first);
}

TEST_CASE("find checks type, rights and generation in one and names no error") {
  MallocChunks chunks;
  HandleTable table(chunks);
  auto h = table.add(&objects[0], 3, 0x5);
  REQUIRE(h.ok());
  CHECK(table.find(*h, 3, 0x5) == &objects[0]);
  CHECK(table.find(*h, 3, 0x1) == &objects[0]);    // fewer rights than held
  CHECK(table.find(*h, 3, 0x0) == &objects[0]);
  CHECK(table.find(*h, 3, 0x2) == nullptr);         // a right it lacks
  CHECK(table.find(*h, 3, 0x7) == nullptr);
  CHECK(table.find(*h, 4, 0x1) == nullptr);         // another type
  CHECK(table.find(*h ^ (1u << 25), 3, 0x1) == nullptr);  // wrong generation
  CHECK(table.find(*h | (uint64_t{1} << 32), 3, 0x1) == nullptr);  // upper bits set
  CHECK(table.find(*h | (uint64_t{3} << 36), 3, 0x1) == nullptr);  // ... where they would read as the type
  CHECK(table.find(*h | (uint64_t{1} << 63), 3, 0x1) == nullptr);
  CHECK(table.find(*h + (uint64_t{1} << 36), 2, 0x1) == nullptr);  // ... or make up for another type
  CHECK(table.find(*h + 1, 3, 0x0) == nullptr);     // a free slot
  CHECK(table.find(0, 0, 0) == nullptr);            // slot 0
  CHECK(table.find(0xfffff, 3, 0) == nullptr);      // past the table
  REQUIRE(table.remove(*h).ok());
  CHECK(table.find(*h, 3, 0x1) == nullptr);         // closed
  auto again = table.add(&objects[1], 3, 0x5);      // the slot, reused
  REQUIRE(again.ok());
  CHECK(table.find(*h, 3, 0x1) == nullptr);
  CHECK(table.find(*again, 3, 0x1) == &objects[1]);
}

TEST_CASE("a closed handle is stale even after its slot is reused") {
  MallocChunks chunks;
  HandleTable table(chunks);
  auto first = table.add(&objects[0], 1, 1);
  REQUIRE(table.remove(*first).ok());
  CHECK(table.get(*first).error() == Error::BadHandle);
  CHECK(table.remove(*first).error() == Error::BadHandle);
  auto second = table.add(&objects[1], 1, 1);
  REQUIRE(second.ok());
  CHECK(*second != *first);
  CHECK((*table.get(*second))->object == &objects[1]);
  CHECK(table.get(*first).error() == Error::BadHandle);
}

TEST_CASE("take and add_to_free_slot move a handle between tables as remove and add do") {
  MallocChunks chunks;
  HandleTable from(chunks), to(chunks);
  auto h = from.add(&objects[2], 4, 0x9);
  REQUIRE(to.add(&objects[3], 1, 1).ok());  // the receiver's table exists, with free slots
  REQUIRE(to.free_slots() > 0);
  size_t free_before = to.free_slots();
  HandleEntry moved = from.take(*h, *from.get(*h));
  CHECK(moved.object == &objects[2]);
  CHECK(from.get(*h).error() == Error::BadHandle);
  CHECK(from.count() == 0);
  HandleValue arrived = to.add_to_free_slot(moved.object, moved.type, moved.rights);
  CHECK(to.free_slots() == free_before - 1);
  CHECK(to.find(arrived, 4, 0x9) == &objects[2]);
  // The slot take freed is reused with a new generation: the old value stays stale.
  auto again = from.add(&objects[4], 1, 1);
  REQUIRE(again.ok());
  CHECK((*again & HandleTable::kMaxHandles) == (*h & HandleTable::kMaxHandles));
  CHECK(*again != *h);
  CHECK(from.get(*h).error() == Error::BadHandle);
}

TEST_CASE("a freed slot keeps the free list where its rights were, and no lookup finds it") {
  MallocChunks chunks;
  HandleTable table(chunks);
  HandleValue values[3];
  for (int i = 0; i < 3; ++i) values[i] = *table.add(&objects[i], 4, 0x1);
  REQUIRE(table.remove(values[0]).ok());
  REQUIRE(table.remove(values[2]).ok());  // its free-list link names slot 1's index
  for (HandleValue freed : {values[0], values[2]}) {
    uint32_t index = freed & HandleTable::kMaxHandles;
    // The slot's value with the generation it has now, as a forger might guess it.
    for (uint32_t generation = 1; generation < 4; ++generation) {
      HandleValue guess = generation << HandleTable::kIndexBits | index;
      CHECK(table.get(guess).error() == Error::BadHandle);
      CHECK(table.find(guess, 4, 0) == nullptr);
      CHECK(table.find(guess, 4, 0x1) == nullptr);
    }
  }
  // Reused last freed first, each with only the rights it is given now.
  auto a = table.add(&objects[5], 2, 0x4);
  auto b = table.add(&objects[6], 3, 0);
  REQUIRE((a.ok() && b.ok()));
  CHECK((*a & HandleTable::kMaxHandles) == (values[2] & HandleTable::kMaxHandles));
  CHECK((*b & HandleTable::kMaxHandles) == (values[0] & HandleTable::kMaxHandles));
  CHECK((*table.get(*a))->rights == 0x4);
  CHECK((*table.get(*b))->rights == 0);
  CHECK(table.find(*b, 3, 0) == &objects[6]);
  CHECK(table.find(*b, 3, 0x1) == nullptr);
  CHECK(table.count() == 3);
}

TEST_CASE("free_slots counts the adds that need no growth, before the first chunk and across chunks") {
  MallocChunks chunks;
  HandleTable table(chunks);
  CHECK(table.free_slots() == 0);  // no chunk yet: the first add grows
  std::vector<HandleValue> added;
  for (uint32_t i = 0; i < 2 * HandleTable::kChunkEntries + 5; ++i) {
    size_t free_before = table.free_slots();
    int grown_before = chunks.live;
    auto h = table.add(&objects[i], 1, 1);
    REQUIRE(h.ok());
    added.push_back(*h);
    // An add grew the table exactly when no slot was free.
    CHECK((chunks.live > grown_before) == (free_before == 0));
    CHECK(table.free_slots() == size_t{uint32_t(chunks.live - 1)} * HandleTable::kChunkEntries - 1 - table.count());
  }
  size_t free_full = table.free_slots();
  for (HandleValue h : added) REQUIRE(table.remove(h).ok());
  CHECK(table.free_slots() == free_full + added.size());
}

TEST_CASE("the table grows past many chunks and frees them all") {
  MallocChunks chunks;
  {
    HandleTable table(chunks);
    std::map<HandleValue, int*> live;
    for (int i = 0; i < 1000; ++i) {
      auto h = table.add(&objects[i], 1, 1);
      REQUIRE(h.ok());
      live[*h] = &objects[i];
    }
    CHECK(live.size() == 1000);
    for (auto& [h, object] : live) CHECK((*table.get(h))->object == object);
    int seen = 0;
    table.for_each([&](HandleValue h, HandleEntry& e) {
      CHECK(live.at(h) == e.object);
      ++seen;
    });
    CHECK(seen == 1000);
  }
  CHECK(chunks.live == 0);
}

TEST_CASE("allocation failure is NoMemory and leaves the table usable") {
  MallocChunks chunks;
  HandleTable table(chunks);
  chunks.fail = true;
  CHECK(table.add(&objects[0], 1, 1).error() == Error::NoMemory);
  chunks.fail = false;
  CHECK(table.add(&objects[0], 1, 1).ok());
}

TEST_CASE("random add/remove sequences agree with a model") {
  MallocChunks chunks;
  HandleTable table(chunks);
  std::mt19937 rng(7);
  std::map<HandleValue, int*> model;
  std::vector<HandleValue> closed;
  for (int step = 0; step < 20000; ++step) {
    if (model.empty() || rng() % 3 != 0) {
      int* object = &objects[rng() % 1000];
      auto h = table.add(object, 2, 7);
      REQUIRE(h.ok());
      REQUIRE(model.count(*h) == 0);
      model[*h] = object;
    } else {
      auto it = model.begin();
      std::advance(it, rng() % model.size());
      REQUIRE(table.remove(it->first).ok());
      closed.push_back(it->first);
      model.erase(it);
    }
  }
  CHECK(table.count() == model.size());
  for (auto& [h, object] : model) CHECK((*table.get(h))->object == object);
  for (HandleValue h : closed) {
    if (!model.count(h)) CHECK(table.get(h).error() == Error::BadHandle);
  }
}

TEST_CASE("slot 0 is no handle: neither get nor find sees it, in an empty table or one whose memory holds anything") {
  MallocChunks chunks;
  HandleTable table(chunks);
  for (uint32_t generation : {0u, 1u, 0x101u}) {
    HandleValue zero_slot = generation << HandleTable::kIndexBits;
    CHECK(table.get(zero_slot).error() == Error::BadHandle);
    CHECK(table.find(zero_slot, 0x101, 0) == nullptr);
  }
  REQUIRE(table.add(&objects[0], 1, 1).ok());  // a chunk whose bytes say generation 0x101, type 0x101
  for (uint32_t generation : {0u, 1u, 0x101u}) {
    HandleValue zero_slot = generation << HandleTable::kIndexBits;
    CHECK(table.get(zero_slot).error() == Error::BadHandle);
    CHECK(table.find(zero_slot, 0x101, 0) == nullptr);
    CHECK(table.find(zero_slot, 1, 0) == nullptr);
  }
}
