// Recycler: make constructs and destroy destructs; a destroyed object's
// storage serves the next make; at most kKept storages are kept, the rest
// freed (the host build's sanitizers see a leak or a double free).
#include "server/recycler.h"

#include <doctest/doctest.h>

#include <set>
#include <vector>

using server::Recycler;

namespace {

struct Counted {
  static inline int live = 0;
  explicit Counted(int v) : value(v) { ++live; }
  ~Counted() { --live; }
  int value;
};

}  // namespace

TEST_CASE("make constructs with its arguments and destroy destructs") {
  Recycler<Counted> recycler;
  Counted* a = recycler.make(7);
  REQUIRE(a != nullptr);
  CHECK(a->value == 7);
  CHECK(Counted::live == 1);
  recycler.destroy(a);
  CHECK(Counted::live == 0);
  recycler.destroy(nullptr);
  CHECK(Counted::live == 0);
}

TEST_CASE("a destroyed object's storage serves the next make") {
  Recycler<Counted> recycler;
  Counted* a = recycler.make(1);
  recycler.destroy(a);
  CHECK(recycler.kept() == 1);
  Counted* b = recycler.make(2);
  CHECK(b == static_cast<void*>(a));
  CHECK(b->value == 2);
  CHECK(recycler.kept() == 0);
  recycler.destroy(b);
}

TEST_CASE("at most kKept storages are kept; live objects stay distinct") {
  Recycler<Counted, 4> recycler;
  std::vector<Counted*> made;
  for (int i = 0; i < 10; ++i) made.push_back(recycler.make(i));
  CHECK(std::set<Counted*>(made.begin(), made.end()).size() == 10);
  for (Counted* c : made) recycler.destroy(c);
  CHECK(recycler.kept() == 4);
  CHECK(Counted::live == 0);
  // The kept ones come back first, then new storage; all distinct again.
  std::set<Counted*> again;
  for (int i = 0; i < 6; ++i) again.insert(recycler.make(i));
  CHECK(again.size() == 6);
  CHECK(recycler.kept() == 0);
  for (Counted* c : again) recycler.destroy(c);
  CHECK(Counted::live == 0);
}
