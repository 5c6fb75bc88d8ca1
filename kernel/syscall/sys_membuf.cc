// Shared buffers: create, map into this or another process (anywhere, or
// at a fixed address, which is how procmgr shares program text), and learn
// the physical address of a contiguous one (DMA), which only a holder of the
// DMA capability can (object/device.h).
#include "abi/syscall.h"
#include "mm/layout.h"
#include "mm/page_table.h"
#include "object/device.h"
#include "object/membuf.h"
#include "syscall/handles.h"
#include "syscall/syscall.h"

namespace kernel {

namespace {

using namespace abi::rights;

constexpr uint32_t kCreatedRights = kRead | kWrite | kMap | kTransfer | kDuplicate | kWait;

// The address space membuf_map targets: the caller's (0), or that of a live
// process the caller manages.
Result<Process*> target_process(uint64_t handle) {
  if (handle == 0) return &current_process();
  auto process = get_object<Process>(handle, kManage);
  if (!process) return process.error();
  if ((*process)->exited()) return Error::BadState;
  return *process;
}

}  // namespace

int64_t sys_membuf_create(TrapFrame& f) {
  uint64_t size = f.x[kA0];
  uint64_t flags = f.x[kA1];
  uint64_t dma_handle = f.x[kA2];
  if (flags & ~abi::kMembufContiguous) return error_code(Error::InvalidArgument);
  bool contiguous = flags & abi::kMembufContiguous;
  // The dma right comes only with the DMA capability, and only a contiguous
  // buffer has a physical address to learn.
  if (dma_handle) {
    auto dma = get_object<DmaCapability>(dma_handle, kDma);
    if (!dma) return error_code(dma.error());
    if (!contiguous) return error_code(Error::InvalidArgument);
  }
  auto buffer = MemBuffer::create(size, contiguous);
  if (!buffer) return error_code(buffer.error());
  return handle_for_new(*buffer, kCreatedRights | (dma_handle ? kDma : 0));
}

int64_t sys_membuf_map(TrapFrame& f) {
  uint64_t offset = f.x[kA2];
  uint64_t size = f.x[kA3];
  uint64_t prot = f.x[kA4];
  if (prot & ~(abi::kProtRead | abi::kProtWrite) || !(prot & abi::kProtRead)) return error_code(Error::InvalidArgument);
  bool writable = prot & abi::kProtWrite;
  auto buffer = get_object<MemBuffer>(f.x[kA0], kMap | (writable ? kWrite : 0));
  if (!buffer) return error_code(buffer.error());
  auto process = target_process(f.x[kA1]);
  if (!process) return error_code(process.error());
  uint64_t pte_flags = pte::kRead | (writable ? pte::kWrite : 0);
  auto address = (*process)->space().map_provider(**buffer, offset, size, pte_flags);
  return address ? static_cast<int64_t>(*address) : error_code(address.error());
}

int64_t sys_membuf_map_at(TrapFrame& f) {
  uint64_t address = f.x[kA2];
  uint64_t offset = f.x[kA3];
  uint64_t size = f.x[kA4];
  uint64_t prot = f.x[kA5];
  if (prot & ~(abi::kProtRead | abi::kProtWrite | abi::kProtExec) || !(prot & abi::kProtRead)) {
    return error_code(Error::InvalidArgument);
  }
  bool writable = prot & abi::kProtWrite;
  bool executable = prot & abi::kProtExec;
  if (writable && executable) return error_code(Error::AccessDenied);  // W^X
  if (address < kUserImageBase) return error_code(Error::InvalidArgument);
  auto buffer = get_object<MemBuffer>(f.x[kA0], kMap | (writable ? kWrite : 0));
  if (!buffer) return error_code(buffer.error());
  // A contiguous buffer is for DMA: a device may write it at any time.
  if (executable && (*buffer)->contiguous()) return error_code(Error::AccessDenied);
  auto process = target_process(f.x[kA1]);
  if (!process) return error_code(process.error());
  uint64_t pte_flags = pte::kRead | (writable ? pte::kWrite : 0) | (executable ? pte::kExec : 0);
  // The pages the buffer has are entered now: a program's text is run at
  // once, and a fault per page would cost more.
  TRY_CODE((*process)->space().map_provider_at(address, **buffer, offset, size, pte_flags,
                                               AddressSpace::Populate::Resident));
  return static_cast<int64_t>(address);
}

int64_t sys_membuf_physical(TrapFrame& f) {
  uint64_t handle = f.x[kA0];
  // A buffer that is not contiguous has no one physical address, whatever
  // the handle's rights: that is its state, not a missing right.
  auto buffer = get_object<MemBuffer>(handle, 0);
  if (!buffer) return error_code(buffer.error());
  if (!(*buffer)->contiguous()) return error_code(Error::BadState);
  auto allowed = get_object<MemBuffer>(handle, kDma);
  if (!allowed) return error_code(allowed.error());
  return static_cast<int64_t>((*buffer)->physical_base());
}

}  // namespace kernel
