// server::Recycler<T>: objects of one type that a server makes and destroys
// on every request of a kind (an open's OpenFile and File channel). A
// destroyed object's storage is kept, up to kKept of them, and the next
// make() takes it back: libc's malloc and free cost an open about 100 and
// 60 instructions each, a kept storage a few. Storage past kKept, and all
// of it when the recycler goes, is freed. Not thread-safe: its owner's
// handlers run one at a time (server::Server's lock).
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

namespace server {

template <class T, uint32_t kKept = 8>
class Recycler {
 public:
  Recycler() = default;
  Recycler(const Recycler&) = delete;
  Recycler& operator=(const Recycler&) = delete;
  ~Recycler() {
    while (kept_count_ > 0) ::operator delete(kept_[--kept_count_]);
  }

  // A new T, or nullptr (nothing constructed) when memory runs out.
  template <class... Args>
  T* make(Args&&... args) {
    static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__, "storage comes from operator new");
    void* storage = kept_count_ > 0 ? kept_[--kept_count_] : ::operator new(sizeof(T), std::nothrow);
    return storage ? new (storage) T(std::forward<Args>(args)...) : nullptr;
  }

  // Destroys object (made by this recycler), keeping its storage if there
  // is room. Null does nothing.
  void destroy(T* object) {
    if (!object) return;
    object->~T();
    if (kept_count_ < kKept) kept_[kept_count_++] = object;
    else ::operator delete(object);
  }

  uint32_t kept() const { return kept_count_; }

 private:
  void* kept_[kKept];
  uint32_t kept_count_ = 0;
};

}  // namespace server
