// The scheduler's sleep queue: earliest deadline first, equal deadlines in
// arrival order, items taken off from anywhere, expiry by time.
#include "sched/sleep_queue.h"

#include <doctest/doctest.h>

#include <vector>

namespace {

struct Sleeper {
  kernel::ListNode node;
  uint64_t deadline = 0;
  int id = 0;
};
using Queue = kernel::SleepQueue<Sleeper, &Sleeper::node, &Sleeper::deadline>;

// Takes every item expired at now off the queue, in order.
std::vector<int> expire(Queue& q, uint64_t now) {
  std::vector<int> ids;
  while (Sleeper* s = q.first_expired(now)) {
    Queue::remove(s);
    ids.push_back(s->id);
  }
  return ids;
}

}  // namespace

TEST_CASE("an empty queue has no deadline") {
  Queue q;
  CHECK(q.empty());
  CHECK(q.next_deadline() == Queue::kNone);
  CHECK(q.first_expired(~0ull - 1) == nullptr);
}

TEST_CASE("items expire in deadline order, equal ones in arrival order") {
  Sleeper s[5] = {{{}, 50, 0}, {{}, 10, 1}, {{}, 30, 2}, {{}, 10, 3}, {{}, 30, 4}};
  Queue q;
  for (Sleeper& x : s) q.add(&x);
  CHECK(q.next_deadline() == 10);
  CHECK(expire(q, 9).empty());
  CHECK(expire(q, 10) == std::vector<int>{1, 3});
  CHECK(q.next_deadline() == 30);
  CHECK(expire(q, 45) == std::vector<int>{2, 4});
  CHECK(expire(q, 1000) == std::vector<int>{0});
  CHECK(q.empty());
}

TEST_CASE("an item taken off early never expires, and may be added again") {
  Sleeper a{{}, 10, 1}, b{{}, 20, 2};
  Queue q;
  q.add(&a);
  q.add(&b);
  CHECK(Queue::queued(&a));
  Queue::remove(&a);  // woken by its event before the deadline
  CHECK(!Queue::queued(&a));
  CHECK(q.next_deadline() == 20);
  a.deadline = 30;
  q.add(&a);
  CHECK(expire(q, 100) == std::vector<int>{2, 1});
}
