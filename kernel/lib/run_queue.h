// The scheduler's ready queues: one FIFO per priority level and a bitmap of
// non-empty levels, so picking the highest-priority ready thread is O(1)
// whatever the number of threads. Higher numbers are higher priorities.
#pragma once

#include <cstdint>

#include "lib/bits.h"
#include "lib/list.h"

namespace kernel {

class RunQueue {
 public:
  static constexpr unsigned kLevels = 32;
  static constexpr int kEmpty = -1;

  // Appends at the tail of its level (round robin inside a level).
  void push_back(ListNode* n, unsigned priority) {
    levels_[priority].push_back(n);
    mask_ |= 1u << priority;
  }
  // Puts n at the head of its level (a preempted thread keeps its turn).
  void push_front(ListNode* n, unsigned priority) {
    levels_[priority].push_front(n);
    mask_ |= 1u << priority;
  }
  void remove(ListNode* n, unsigned priority) {
    List::remove(n);
    if (levels_[priority].empty()) mask_ &= ~(1u << priority);
  }
  // The highest non-empty level, or kEmpty.
  int highest() const { return mask_ ? static_cast<int>(bits::highest_set(mask_)) : kEmpty; }
  ListNode* pop_highest() {
    int level = highest();
    return level == kEmpty ? nullptr : pop_at(level);
  }
  // pop_highest when the caller has highest() already: `level` is it.
  ListNode* pop_at(int level) {
    ListNode* n = levels_[level].pop_front();
    if (levels_[level].empty()) mask_ &= ~(1u << level);
    return n;
  }
  bool empty() const { return mask_ == 0; }

 private:
  List levels_[kLevels];
  uint32_t mask_ = 0;
};

}  // namespace kernel
