// RefPtr<T>: a counted reference to a kernel object (as Zircon's
// fbl::RefPtr). Constructing one from a pointer takes a new reference;
// adopt() takes over the one a creator returned (make_object and the
// create functions hand their caller one reference). The reference goes
// when the RefPtr does, or leaves it with into_raw() for a holder that
// keeps raw pointers (a handle-table entry, the scheduler's hold on a live
// thread), which gives it back with adopt(). No retain() or release()
// is written by hand elsewhere: a reference is always held by something.
#pragma once

#include <utility>

#include "debug/console.h"

namespace kernel {

template <class T>
class RefPtr {
 public:
  RefPtr() = default;
  explicit RefPtr(T* object) : object_(object) {
    if (object_) object_->retain();
  }
  // Takes over a reference the caller holds.
  static RefPtr adopt(T* object) {
    RefPtr p;
    p.object_ = object;
    return p;
  }
  RefPtr(const RefPtr& other) : RefPtr(other.object_) {}
  RefPtr(RefPtr&& other) : object_(std::exchange(other.object_, nullptr)) {}
  // From a RefPtr to a derived class (a MmioRange held as a KernelObject).
  template <class U>
  RefPtr(RefPtr<U>&& other) : object_(other.into_raw()) {}
  RefPtr& operator=(RefPtr other) {
    std::swap(object_, other.object_);
    return *this;
  }
  ~RefPtr() { reset(); }

  void reset() {
    if (T* object = std::exchange(object_, nullptr)) object->release();
  }
  // A new reference to object in this RefPtr, which is empty (asserted):
  // no old reference to drop, so no destroy to call.
  void take_into_empty(T* object) {
    KASSERT(!object_);
    object_ = object;
    if (object_) object_->retain();
  }
  // reset() of a reference that another holder outlives
  // (KernelObject::release_outlived).
  void reset_outlived() {
    if (T* object = std::exchange(object_, nullptr)) object->release_outlived();
  }
  // Hands the reference to the caller, who must adopt() it again.
  [[nodiscard]] T* into_raw() { return std::exchange(object_, nullptr); }
  T* get() const { return object_; }
  T* operator->() const { return object_; }
  T& operator*() const { return *object_; }
  explicit operator bool() const { return object_ != nullptr; }
  friend bool operator==(const RefPtr& a, const T* b) { return a.object_ == b; }

 private:
  T* object_ = nullptr;
};

}  // namespace kernel
