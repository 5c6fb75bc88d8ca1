// Devices: mapping MMIO registers, binding interrupts to ports and
// acknowledging them.
#include "abi/syscall.h"
#include "ipc/port.h"
#include "mm/page_table.h"
#include "object/device.h"
#include "syscall/handles.h"
#include "syscall/syscall.h"

namespace kernel {

int64_t sys_mmio_map(TrapFrame& f) {
  // Writable only through a handle with `write`: a read-only handle is how
  // programs share the boot archive without being able to change it.
  auto range = get_object<MmioRange>(f.x[kA0], abi::rights::kMap | abi::rights::kRead);
  if (!range) return error_code(range.error());
  bool writable = (*lookup_handle(f.x[kA0]))->rights & abi::rights::kWrite;
  // kDevice keeps the kernel's copy_in/copy_out away from the registers.
  uint64_t flags = pte::kRead | (writable ? pte::kWrite : 0) | pte::kDevice;
  auto address = current_process().space().map_provider(**range, 0, (*range)->size(), flags);
  return address ? static_cast<int64_t>(*address) : error_code(address.error());
}

int64_t sys_irq_bind(TrapFrame& f) {
  auto irq = get_object<Irq>(f.x[kA0], abi::rights::kWrite);
  if (!irq) return error_code(irq.error());
  auto port = get_object<Port>(f.x[kA1], abi::rights::kWrite);
  if (!port) return error_code(port.error());
  return status_code((*irq)->bind(**port, f.x[kA2]));
}

int64_t sys_irq_ack(TrapFrame& f) {
  auto irq = get_object<Irq>(f.x[kA0], abi::rights::kWrite);
  if (!irq) return error_code(irq.error());
  return status_code((*irq)->ack());
}

}  // namespace kernel
