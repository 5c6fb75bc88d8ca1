// SlotMap: objects reached by a key that carries an index and a generation,
// the way servers name their clients and open files in port badges. A key
// whose slot was freed (and perhaps reused) no longer finds anything: a
// stale badge is refused, never mistaken for the slot's new owner. It grows
// until memory runs out; insert then fails with NoMemory.
#pragma once

#include <stdlib.h>

#include <cstdint>
#include <new>
#include <utility>

#include "result.h"

namespace server {

template <class T>
class SlotMap {
 public:
  using Key = uint64_t;  // generation << 32 | index; never 0
  static constexpr uint32_t kNoSlot = ~0u;

  SlotMap() = default;
  SlotMap(const SlotMap&) = delete;
  SlotMap& operator=(const SlotMap&) = delete;
  ~SlotMap() {
    for (uint32_t i = 0; i < capacity_; ++i) {
      if (slots_[i].used) slots_[i].value()->~T();
    }
    free(slots_);
  }

  // Stores value; returns its key. At most `limit` live values (a server's
  // per-client cap): beyond it, Busy.
  Result<Key> insert(T value) {
    if (size_ >= limit_) return Error::Busy;
    if (free_ == kNoSlot && !grow()) return Error::NoMemory;
    uint32_t index = free_;
    Slot& s = slots_[index];
    free_ = s.next_free;
    new (s.storage) T(std::move(value));
    s.used = true;
    ++size_;
    return key_of(index, s.generation);
  }

  T* find(Key key) {
    Slot* s = slot_of(key);
    return s ? s->value() : nullptr;
  }
  const T* find(Key key) const { return const_cast<SlotMap*>(this)->find(key); }

  // Destroys the value; its key (and every copy of it) goes stale.
  bool erase(Key key) {
    Slot* s = slot_of(key);
    if (!s) return false;
    s->value()->~T();
    s->used = false;
    s->generation = s->generation == kMaxGeneration ? 1 : s->generation + 1;
    s->next_free = free_;
    free_ = static_cast<uint32_t>(s - slots_);
    --size_;
    return true;
  }

  template <class F>
  void for_each(F&& f) {
    for (uint32_t i = 0; i < capacity_; ++i) {
      if (slots_[i].used) f(key_of(i, slots_[i].generation), *slots_[i].value());
    }
  }

  uint32_t size() const { return size_; }
  void set_limit(uint32_t limit) { limit_ = limit; }

 private:
  static constexpr uint32_t kMaxGeneration = 0xffffff;  // a badge keeps the top byte for the server
  struct Slot {
    alignas(T) unsigned char storage[sizeof(T)];
    uint32_t generation = 1;
    uint32_t next_free = kNoSlot;
    bool used = false;
    T* value() { return std::launder(reinterpret_cast<T*>(storage)); }
  };

  static Key key_of(uint32_t index, uint32_t generation) { return uint64_t{generation} << 32 | index; }

  Slot* slot_of(Key key) {
    uint32_t index = static_cast<uint32_t>(key);
    uint32_t generation = static_cast<uint32_t>(key >> 32);
    if (index >= capacity_) return nullptr;
    Slot& s = slots_[index];
    return s.used && s.generation == generation ? &s : nullptr;
  }

  // Doubles the table (values move); links the new slots into the free list.
  bool grow() {
    uint32_t capacity = capacity_ ? capacity_ * 2 : 8;
    if (capacity <= capacity_) return false;
    auto* slots = static_cast<Slot*>(malloc(sizeof(Slot) * capacity));
    if (!slots) return false;
    for (uint32_t i = 0; i < capacity; ++i) new (&slots[i]) Slot();
    for (uint32_t i = 0; i < capacity_; ++i) {
      Slot& from = slots_[i];
      Slot& to = slots[i];
      to.generation = from.generation;
      to.next_free = from.next_free;
      to.used = from.used;
      if (from.used) {
        new (to.storage) T(std::move(*from.value()));
        from.value()->~T();
      }
    }
    for (uint32_t i = capacity; i-- > capacity_;) {
      slots[i].next_free = free_;
      free_ = i;
    }
    free(slots_);
    slots_ = slots;
    capacity_ = capacity;
    return true;
  }

  Slot* slots_ = nullptr;
  uint32_t capacity_ = 0;
  uint32_t size_ = 0;
  uint32_t free_ = kNoSlot;
  uint32_t limit_ = ~0u;
};

}  // namespace server
