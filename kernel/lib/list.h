// An intrusive doubly-linked list: objects embed a ListNode and may sit on a
// list without any allocation. A node is on at most one list at a time.
#pragma once

#include <cstddef>

namespace kernel {

struct ListNode {
  ListNode* prev = nullptr;
  ListNode* next = nullptr;
  bool linked() const { return next != nullptr; }
};

class List {
 public:
  constexpr List() { head_.prev = head_.next = &head_; }
  List(const List&) = delete;
  List& operator=(const List&) = delete;

  bool empty() const { return head_.next == &head_; }
  ListNode* front() const { return empty() ? nullptr : head_.next; }
  ListNode* back() const { return empty() ? nullptr : head_.prev; }

  void push_back(ListNode* n) { insert_before(&head_, n); }
  void push_front(ListNode* n) { insert_before(head_.next, n); }
  // Inserts n before position (a node on this list, or end()).
  void insert_before(ListNode* position, ListNode* n) {
    n->next = position;
    n->prev = position->prev;
    position->prev->next = n;
    position->prev = n;
  }
  static void remove(ListNode* n) {
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->prev = n->next = nullptr;
  }
  ListNode* pop_front() {
    ListNode* n = front();
    if (n) remove(n);
    return n;
  }
  ListNode* end() { return &head_; }
  ListNode* next_of(ListNode* n) const { return n->next == &head_ ? nullptr : n->next; }

 private:
  ListNode head_;
};

// The object that embeds `node` as member `Member`.
template <typename T, ListNode T::*Member>
T* container_of(ListNode* node) {
  if (!node) return nullptr;
  const size_t offset = reinterpret_cast<size_t>(&(static_cast<T*>(nullptr)->*Member));
  return reinterpret_cast<T*>(reinterpret_cast<char*>(node) - offset);
}

}  // namespace kernel
