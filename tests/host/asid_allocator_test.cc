#include <doctest/doctest.h>

#include <set>
#include <vector>

#include "mm/asid_allocator.h"

using namespace kernel::asid;

namespace {

// A 2-bit ASID field: ASIDs 1..3 to hand out (0 is kShared).
struct Harness {
  Allocator allocator;
  std::vector<Tag*> live;  // the spaces running on a hart now
  int rollovers = 0;

  Harness() { allocator.set_count(4); }
  void renew(Tag& tag) {
    if (allocator.renew(tag, [&] {
          for (Tag* t : live) allocator.keep(*t);
        }))
      ++rollovers;
  }
};

}  // namespace

TEST_CASE("a new tag is of no generation and takes a distinct ASID") {
  Harness h;
  Tag a, b, c;
  CHECK_FALSE(h.allocator.current(a));
  h.renew(a);
  h.renew(b);
  h.renew(c);
  CHECK(h.allocator.current(a));
  std::set<uint16_t> asids = {a.asid, b.asid, c.asid};
  CHECK(asids == std::set<uint16_t>{1, 2, 3});
  CHECK(h.rollovers == 0);
}

TEST_CASE("when the ASIDs run out the generation rolls over and old tags are no longer current") {
  Harness h;
  Tag a, b, c, d;
  h.renew(a);
  h.renew(b);
  h.renew(c);
  uint64_t before = h.allocator.generation();
  h.renew(d);
  CHECK(h.rollovers == 1);
  CHECK(h.allocator.generation() == before + 1);
  CHECK(h.allocator.current(d));
  CHECK(d.asid != kShared);
  CHECK_FALSE(h.allocator.current(a));
  CHECK_FALSE(h.allocator.current(b));
  CHECK_FALSE(h.allocator.current(c));
}

TEST_CASE("a space live on a hart keeps its ASID across a roll-over, and nobody else gets it") {
  Harness h;
  Tag a, b, c, d;
  h.renew(a);
  h.renew(b);
  h.renew(c);
  h.live = {&b, &c};  // running on two harts
  uint16_t kept_b = b.asid, kept_c = c.asid;
  h.renew(d);
  CHECK(h.rollovers == 1);
  CHECK(h.allocator.current(b));
  CHECK(h.allocator.current(c));
  CHECK(b.asid == kept_b);
  CHECK(c.asid == kept_c);
  CHECK(d.asid != kept_b);
  CHECK(d.asid != kept_c);
  // b, c and d now hold all three ASIDs: the old space a, switched in
  // again, rolls over once more; d, not running, renews on its next turn.
  h.renew(a);
  CHECK(h.rollovers == 2);
  CHECK(h.allocator.current(a));
  CHECK_FALSE(h.allocator.current(d));
  CHECK(b.asid == kept_b);
  CHECK(c.asid == kept_c);
  CHECK(a.asid != kept_b);
  CHECK(a.asid != kept_c);
}

TEST_CASE("a released ASID is handed out again in the same generation") {
  Harness h;
  Tag a, b, c, d;
  h.renew(a);
  h.renew(b);
  h.renew(c);
  uint16_t freed = b.asid;
  h.allocator.release(b);
  h.renew(d);
  CHECK(h.rollovers == 0);
  CHECK(d.asid == freed);
}

TEST_CASE("releasing a tag of an older generation frees nothing of the new one") {
  Harness h;
  Tag a, b, c, d, e, f;
  h.renew(a);
  h.renew(b);
  h.renew(c);
  h.renew(d);  // roll-over: d has some ASID of the new generation
  h.allocator.release(a);  // old: must not free d's (or anyone's) ASID
  h.renew(e);
  h.renew(f);
  CHECK(h.rollovers == 1);
  std::set<uint16_t> asids = {d.asid, e.asid, f.asid};
  CHECK(asids.size() == 3);
}

TEST_CASE("no ASIDs implemented: every space shares kShared and nothing rolls over") {
  Allocator allocator;
  allocator.set_count(1);
  Tag a, b;
  CHECK_FALSE(allocator.renew(a, [] {}));
  CHECK_FALSE(allocator.renew(b, [] {}));
  CHECK(a.asid == kShared);
  CHECK(b.asid == kShared);
  CHECK(allocator.current(a));
}

TEST_CASE("when the running spaces hold every ASID, a new one gets kShared") {
  Harness h;
  Tag a, b, c, d;
  h.renew(a);
  h.renew(b);
  h.renew(c);
  h.live = {&a, &b, &c};
  h.renew(d);
  CHECK(d.asid == kShared);
  CHECK(h.allocator.current(d));
}

TEST_CASE("many generations: the ASIDs of one generation are always distinct") {
  Harness h;
  std::vector<Tag> spaces(10);
  for (int round = 0; round < 50; ++round) {
    Tag& t = spaces[round % spaces.size()];
    if (!h.allocator.current(t)) h.renew(t);
    std::set<uint16_t> in_generation;
    int current = 0;
    for (const Tag& s : spaces) {
      if (!h.allocator.current(s) || s.asid == kShared) continue;
      ++current;
      in_generation.insert(s.asid);
    }
    CHECK(in_generation.size() == static_cast<size_t>(current));
  }
  CHECK(h.rollovers > 5);
}
