// Object allocation for ramfs that reports failure instead of aborting:
// libc's operator new ends the program when memory runs out, and a file
// server must answer NoMemory and carry on.
#pragma once

#include <stdlib.h>

#include <new>
#include <utility>

namespace ramfs {

// A new T, or nullptr when memory runs out.
template <class T, class... Args>
T* make(Args&&... args) {
  void* memory = malloc(sizeof(T));
  return memory ? new (memory) T(std::forward<Args>(args)...) : nullptr;
}

// Destroys and frees an object from make().
template <class T>
void unmake(T* object) {
  object->~T();
  free(object);
}

}  // namespace ramfs
