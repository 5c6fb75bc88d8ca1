// The base of every kernel object reached through handles: a type tag and a
// reference count. Handles, threads and the kernel's own structures each
// hold a reference; the object is destroyed when the last one is released.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "abi/rights.h"
#include "debug/console.h"
#include "mm/heap.h"

namespace kernel {

using abi::ObjectType;

class KernelObject {
 public:
  ObjectType type() const { return type_; }
  // Atomic: the IPC fast path takes and drops references (to a caller)
  // under its hart's lock alone, not the big lock that other paths hold.
  void retain() { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    // acq_rel: whatever any holder wrote is seen by the destructor.
    if (fetch_sub_acq_rel(refs_) == 1) destroy();
  }
  // release() of a reference that another holder outlives: never the last
  // (asserted), so no destroy to call (the IPC fast path then needs no frame).
  void release_outlived() {
    int64_t before = fetch_sub_acq_rel(refs_);
    KASSERT(before > 1);
  }
  // Called when the last handle to the object is closed (peer notifications).
  virtual void on_last_handle_closed() {}
  // Whether the object keeps handles to other objects for good until
  // someone acts on it: a channel end with handles in its queue, a process
  // given handles but never started. Such an object may not be moved into
  // another holder (a queue, an unstarted process): only objects without
  // handles travel, so handle holders never form a cycle that nobody can
  // reach to break (docs/ipc.md, "Handles in messages"). Only objects of
  // the types may_hold_handles names can: any other is answered by its
  // type, without a virtual call (the IPC fast path asks for every handle
  // it moves).
  bool holds_handles() const { return may_hold_handles(type_) && holds_handles_now(); }
  static constexpr bool may_hold_handles(ObjectType type) {
    return type == ObjectType::Channel || type == ObjectType::Process;
  }
  uint32_t handle_count = 0;
  // Handle drops waiting their turn (Process::drop_transferred): dropping
  // one handle can drop others, without bound, so they are queued here
  // rather than made from inside one another on the kernel stack.
  uint32_t pending_drops = 0;
  KernelObject* next_pending = nullptr;

 protected:
  // One amoadd.w.aqrl (GCC adds a fence to its acq_rel fetch_sub). The old
  // count as a 64-bit value, as amoadd.w leaves it (sign-extended): a
  // 32-bit one would cost every test of it a sext.w.
  static int64_t fetch_sub_acq_rel(std::atomic<uint32_t>& count) {
#if defined(__riscv)
    int64_t old;
    asm volatile("amoadd.w.aqrl %0, %2, %1" : "=r"(old), "+A"(count) : "r"(-1) : "memory");
    return old;
#else
    return static_cast<int32_t>(count.fetch_sub(1, std::memory_order_acq_rel));
#endif
  }

  KernelObject(ObjectType type, size_t size) : type_(type), size_(static_cast<uint32_t>(size)) {}
  virtual ~KernelObject() = default;
  // holds_handles of an object whose type may_hold_handles names (whose
  // class overrides this, and static_asserts that its type is named).
  virtual bool holds_handles_now() const { return false; }

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
  std::atomic<uint32_t> refs_{1};
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
