// SlotTable: numbered slots of a trivially copyable T, reused when free and
// grown (doubling, with realloc) until memory runs out; then taking a slot
// fails with NoMemory and nothing else changes. New slots are zero bytes,
// so T's all-zero value must mean "free". A slot's number stays valid while
// it is used; its address changes when the table grows.
#pragma once

#include <stdlib.h>
#include <string.h>

#include <cstdint>
#include <type_traits>

#include "result.h"

namespace vfs {

template <class T>
class SlotTable {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  SlotTable() = default;
  SlotTable(const SlotTable&) = delete;
  SlotTable& operator=(const SlotTable&) = delete;
  ~SlotTable() { free(slots_); }

  // The number of a slot for which is_free(slot) holds, the table grown if
  // there is none.
  template <class IsFree>
  Result<uint32_t> take(IsFree is_free) {
    for (uint32_t i = 0; i < size_; ++i) {
      if (is_free(slots_[i])) return i;
    }
    uint32_t grown = size_ ? size_ * 2 : 8;
    if (grown <= size_) return Error::NoMemory;
    auto* slots = static_cast<T*>(realloc(slots_, sizeof(T) * grown));
    if (!slots) return Error::NoMemory;
    memset(static_cast<void*>(slots + size_), 0, sizeof(T) * (grown - size_));
    slots_ = slots;
    uint32_t first_new = size_;
    size_ = grown;
    return first_new;
  }

  T& operator[](uint32_t i) { return slots_[i]; }
  const T& operator[](uint32_t i) const { return slots_[i]; }
  uint32_t size() const { return size_; }

 private:
  T* slots_ = nullptr;
  uint32_t size_ = 0;
};

}  // namespace vfs
