#include <doctest/doctest.h>

#include <vector>

#include "lib/run_queue.h"

using namespace kernel;

namespace {
struct Item {
  ListNode node;
  int id;
};
Item* item_of(ListNode* n) { return container_of<Item, &Item::node>(n); }
}  // namespace

TEST_CASE("an empty run queue has no highest level") {
  RunQueue q;
  CHECK(q.empty());
  CHECK(q.highest() == RunQueue::kEmpty);
  CHECK(q.pop_highest() == nullptr);
}

TEST_CASE("the highest priority comes out first, FIFO inside a level") {
  RunQueue q;
  Item a{{}, 1}, b{{}, 2}, c{{}, 3}, d{{}, 4};
  q.push_back(&a.node, 5);
  q.push_back(&b.node, 20);
  q.push_back(&c.node, 5);
  q.push_back(&d.node, 20);
  CHECK(q.highest() == 20);
  std::vector<int> order;
  while (ListNode* n = q.pop_highest()) order.push_back(item_of(n)->id);
  CHECK(order == std::vector<int>{2, 4, 1, 3});
  CHECK(q.empty());
}

TEST_CASE("push_front puts a thread ahead of its level") {
  RunQueue q;
  Item a{{}, 1}, b{{}, 2};
  q.push_back(&a.node, 7);
  q.push_front(&b.node, 7);
  CHECK(item_of(q.pop_highest())->id == 2);
  CHECK(item_of(q.pop_highest())->id == 1);
}

TEST_CASE("removing the last thread of a level clears it from the bitmap") {
  RunQueue q;
  Item a{{}, 1}, b{{}, 2};
  q.push_back(&a.node, 31);
  q.push_back(&b.node, 0);
  q.remove(&a.node, 31);
  CHECK(!a.node.linked());
  CHECK(q.highest() == 0);
  q.remove(&b.node, 0);
  CHECK(q.empty());
}

TEST_CASE("round robin: a thread pushed back after running goes behind its peers") {
  RunQueue q;
  Item items[3] = {{{}, 0}, {{}, 1}, {{}, 2}};
  for (Item& i : items) q.push_back(&i.node, 10);
  std::vector<int> order;
  for (int turn = 0; turn < 6; ++turn) {
    ListNode* n = q.pop_highest();
    order.push_back(item_of(n)->id);
    q.push_back(n, 10);
  }
  CHECK(order == std::vector<int>{0, 1, 2, 0, 1, 2});
}

TEST_CASE("pop_at the highest level takes what pop_highest would, and empties the level's bit") {
  RunQueue q;
  Item items[3] = {{{}, 0}, {{}, 1}, {{}, 2}};
  q.push_back(&items[0].node, 3);
  q.push_back(&items[1].node, 9);
  q.push_back(&items[2].node, 9);
  CHECK(item_of(q.pop_at(q.highest()))->id == 1);
  CHECK(item_of(q.pop_at(q.highest()))->id == 2);
  CHECK(q.highest() == 3);
  CHECK(item_of(q.pop_at(q.highest()))->id == 0);
  CHECK(q.empty());
}
