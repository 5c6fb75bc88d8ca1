// A lock between the threads of one process, for libc's shared state (the
// heap, each stream). Free, it costs one atomic swap; a waiter yields its
// time slice to the holder.
#pragma once

#include "ipc/syscall.h"

namespace tessera {

class ThreadLock {
 public:
  void lock() {
    while (__atomic_test_and_set(&held_, __ATOMIC_ACQUIRE)) sys::yield();
  }
  void unlock() { __atomic_clear(&held_, __ATOMIC_RELEASE); }

 private:
  bool held_ = false;
};

// Holds a ThreadLock for a scope.
class Locked {
 public:
  explicit Locked(ThreadLock& lock) : lock_(lock) { lock_.lock(); }
  ~Locked() { lock_.unlock(); }
  Locked(const Locked&) = delete;
  Locked& operator=(const Locked&) = delete;

 private:
  ThreadLock& lock_;
};

}  // namespace tessera
