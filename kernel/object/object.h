// The base of every kernel object reached through handles: a type tag and a
// reference count. Handles, threads and the kernel's own structures each
// hold a reference; the object is destroyed when the last one is released.
#pragma once

#include <cstddef>
#include <cstdint>

#include "abi/rights.h"
#include "mm/heap.h"

namespace kernel {

using abi::ObjectType;

class KernelObject {
 public:
  ObjectType type() const { return type_; }
  void retain() { ++refs_; }
  void release() {
    if (--refs_ == 0) destroy();
  }
  // Called when the last handle to the object is closed (peer notifications).
  virtual void on_last_handle_closed() {}
  // Whether the object keeps handles to other objects for good until
  // someone acts on it: a channel end with handles in its queue, a process
  // given handles but never started. Such an object may not be moved into
  // another holder (a queue, an unstarted process): only objects without
  // handles travel, so handle holders never form a cycle that nobody can
  // reach to break (docs/ipc.md, "Handles in messages").
  virtual bool holds_handles() const { return false; }
  uint32_t handle_count = 0;
  // Handle drops waiting their turn (Process::drop_transferred): dropping
  // one handle can drop others, without bound, so they are queued here
  // rather than made from inside one another on the kernel stack.
  uint32_t pending_drops = 0;
  KernelObject* next_pending = nullptr;

 protected:
  KernelObject(ObjectType type, size_t size) : type_(type), size_(static_cast<uint32_t>(size)) {}
  virtual ~KernelObject() = default;

 private:
  // Out of line, so that a release keeps nothing live across the
  // destructor call in its caller (the IPC fast path releases on every
  // call and reply).
  [[gnu::noinline, gnu::cold]] void destroy() {
    size_t size = size_;
    this->~KernelObject();
    kfree(this, size);
  }
  ObjectType type_;
  uint32_t size_;
  uint32_t refs_ = 1;
};

// Creates a kernel object with one reference held by the caller.
template <typename T, typename... Args>
T* make_object(Args&&... args) {
  void* p = kmalloc(sizeof(T));
  return p ? new (p) T(std::forward<Args>(args)...) : nullptr;
}

// The ObjectType of each object class, for typed handle lookups.
template <typename T>
struct ObjectTypeOf;

}  // namespace kernel
