// Anonymous memory of the calling process, backed lazily.
#include "abi/syscall.h"
#include "mm/page_table.h"
#include "syscall/handles.h"
#include "syscall/syscall.h"

namespace kernel {

int64_t sys_mem_map(TrapFrame& f) {
  uint64_t size = f.x[kA0];
  uint64_t prot = f.x[kA1];
  if (prot & ~(abi::kProtRead | abi::kProtWrite | abi::kMapLazy) || !(prot & abi::kProtRead)) {
    return error_code(Error::InvalidArgument);
  }
  uint64_t flags = pte::kRead | (prot & abi::kProtWrite ? pte::kWrite : 0);
  auto commit = prot & abi::kMapLazy ? AddressSpace::Commit::Lazy : AddressSpace::Commit::Charged;
  auto address = current_process().space().map_anonymous(size, flags, commit);
  return address ? static_cast<int64_t>(*address) : error_code(address.error());
}

int64_t sys_mem_unmap(TrapFrame& f) {
  return status_code(current_process().unmap_region(f.x[kA0], f.x[kA1]));
}

}  // namespace kernel
