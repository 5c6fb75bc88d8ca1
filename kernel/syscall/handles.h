// The one path from a handle value to an object: look the handle up in the
// current process's table, check its type and the rights the call needs.
#pragma once

#include "arch/cpu.h"
#include "object/process.h"
#include "object/ref_ptr.h"
#include "object/thread.h"

namespace kernel {

inline Process& current_process() { return *current_thread()->process; }

// A handle argument arrives in a 64-bit register: a value with any of the
// upper 32 bits set names no handle (it is refused, never truncated).
inline Result<HandleEntry*> lookup_handle(uint64_t value) {
  if (value >> 32) return Error::BadHandle;
  return current_process().handles().get(static_cast<HandleValue>(value));
}

// Closes the caller's handle named by a 64-bit argument (BadHandle as
// lookup_handle). The table's removal finds the entry and refuses a bad
// handle itself: a lookup first would only repeat it.
inline Status close_own_handle(uint64_t value) {
  if (value >> 32) return Error::BadHandle;
  return current_process().close_handle(static_cast<HandleValue>(value));
}

template <typename T>
Result<T*> get_object(uint64_t handle, uint32_t required_rights) {
  auto entry = lookup_handle(handle);
  if (!entry) return entry.error();
  if ((*entry)->type != static_cast<uint16_t>(ObjectTypeOf<T>::value)) return Error::WrongType;
  if (((*entry)->rights & required_rights) != required_rights) return Error::AccessDenied;
  return static_cast<T*>(static_cast<KernelObject*>((*entry)->object));
}

// A handle in the caller's table to an object just created, whose one
// reference (the creator's) goes: the handle holds the object from now on,
// or, if no handle could be made, nobody does and it is freed.
inline int64_t handle_for_new(KernelObject* created, uint32_t rights) {
  auto held = RefPtr<KernelObject>::adopt(created);
  auto handle = current_process().add_handle(created, rights);
  return handle ? int64_t{*handle} : static_cast<int64_t>(handle.error());
}

}  // namespace kernel
