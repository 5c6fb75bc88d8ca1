// The one path from a handle value to an object: look the handle up in the
// current process's table, check its type and the rights the call needs.
#pragma once

#include "arch/cpu.h"
#include "object/process.h"
#include "object/thread.h"

namespace kernel {

inline Process& current_process() { return *current_thread()->process; }

template <typename T>
Result<T*> get_object(HandleValue handle, uint32_t required_rights) {
  auto entry = current_process().handles().get(handle);
  if (!entry) return entry.error();
  if ((*entry)->type != static_cast<uint16_t>(ObjectTypeOf<T>::value)) return Error::WrongType;
  if (((*entry)->rights & required_rights) != required_rights) return Error::AccessDenied;
  return static_cast<T*>(static_cast<KernelObject*>((*entry)->object));
}

}  // namespace kernel
