// The threads sleeping until a deadline (a timed wait or sleep_until),
// earliest first: the timer is programmed for the first, and on a tick every
// thread whose deadline has passed is taken off. Generic over the item type
// so that the host tests can run it without threads (tests/host).
#pragma once

#include <cstdint>

#include "lib/list.h"

namespace kernel {

template <class T, ListNode T::*kNode, uint64_t T::*kDeadline>
class SleepQueue {
 public:
  static constexpr uint64_t kNone = ~0ull;

  bool empty() const { return list_.empty(); }
  // Inserts t (not on the queue) after every item with the same or an
  // earlier deadline, so equal deadlines expire in the order they came.
  void add(T* t) {
    ListNode* position = list_.end();
    for (ListNode* n = list_.front(); n; n = list_.next_of(n)) {
      if (item_of(n)->*kDeadline > t->*kDeadline) {
        position = n;
        break;
      }
    }
    list_.insert_before(position, &(t->*kNode));
  }
  static bool queued(const T* t) { return (t->*kNode).linked(); }
  static void remove(T* t) { List::remove(&(t->*kNode)); }
  // The earliest deadline, or kNone.
  uint64_t next_deadline() const {
    ListNode* first = list_.front();
    return first ? item_of(first)->*kDeadline : kNone;
  }
  // The first item whose deadline is at or before now, left on the queue
  // (waking it takes it off); null if there is none.
  T* first_expired(uint64_t now) const {
    ListNode* first = list_.front();
    return first && item_of(first)->*kDeadline <= now ? item_of(first) : nullptr;
  }

 private:
  static T* item_of(ListNode* n) { return container_of<T, kNode>(n); }
  List list_;
};

}  // namespace kernel
