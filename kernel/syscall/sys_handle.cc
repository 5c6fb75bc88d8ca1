// Handles themselves: duplicate with fewer rights, inspect.
#include "syscall/handles.h"
#include "syscall/syscall.h"

namespace kernel {

int64_t sys_handle_dup(TrapFrame& f) {
  Process& p = current_process();
  auto entry = lookup_handle(f.x[kA0]);
  if (!entry) return error_code(entry.error());
  uint64_t rights = f.x[kA1];
  if (!((*entry)->rights & abi::rights::kDuplicate)) return error_code(Error::AccessDenied);
  // Rights can only be kept or dropped, never added.
  if (rights & ~uint64_t{(*entry)->rights}) return error_code(Error::AccessDenied);
  auto h = p.add_handle(static_cast<KernelObject*>((*entry)->object), static_cast<uint32_t>(rights));
  return h ? int64_t{*h} : error_code(h.error());
}

int64_t sys_handle_info(TrapFrame& f) {
  auto entry = lookup_handle(f.x[kA0]);
  if (!entry) return error_code(entry.error());
  return static_cast<int64_t>((uint64_t{(*entry)->type} << 32) | (*entry)->rights);
}

}  // namespace kernel
