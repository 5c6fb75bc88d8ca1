// Building a process from user space, the way procmgr loads programs:
// create an empty process, map memory into it at fixed addresses, copy the
// image and the initial stack in, give it handles, start its first thread.
// Each call needs the manage right on the target process.
#include "abi/syscall.h"
#include "mm/layout.h"
#include "sched/scheduler.h"
#include "syscall/handles.h"
#include "syscall/syscall.h"

namespace kernel {

namespace {

constexpr size_t kMaxName = Process::kNameLength - 1;

// The process a call targets: 0 means the caller's own.
Result<Process*> target(uint64_t handle) {
  if (handle == 0) return &current_process();
  auto p = get_object<Process>(handle, abi::rights::kManage);
  if (!p) return p.error();
  if ((*p)->exited()) return Error::BadState;
  return *p;
}

uint64_t pte_flags_of(uint64_t prot) {
  return (prot & abi::kProtRead ? pte::kRead : 0) | (prot & abi::kProtWrite ? pte::kWrite | pte::kRead : 0) |
         (prot & abi::kProtExec ? pte::kExec : 0);
}

}  // namespace

int64_t sys_process_create(TrapFrame& f) {
  uint64_t length = f.x[kA1];
  if (length == 0 || length > kMaxName) return error_code(Error::InvalidArgument);
  char name[kMaxName];
  TRY_CODE(current_process().space().copy_in(name, f.x[kA0], length));
  auto created = Process::create(name, length, current_thread()->priority);
  if (!created) return error_code(created.error());
  return handle_for_new(*created, abi::rights::kBasic | abi::rights::kRead | abi::rights::kManage);
}

int64_t sys_mem_map_at(TrapFrame& f) {
  auto p = target(f.x[kA0]);
  if (!p) return error_code(p.error());
  uint64_t address = f.x[kA1], size = f.x[kA2], prot = f.x[kA3];
  uint64_t lazy = prot & abi::kMapLazy;
  prot &= ~abi::kMapLazy;
  if (prot & ~(abi::kProtRead | abi::kProtWrite | abi::kProtExec) || prot == 0) return error_code(Error::InvalidArgument);
  if ((prot & abi::kProtWrite) && (prot & abi::kProtExec)) return error_code(Error::AccessDenied);  // W^X
  if (address < kUserImageBase || size > kUserTop || address > kUserTop - size) return error_code(Error::InvalidArgument);
  auto commit = lazy ? AddressSpace::Commit::Lazy : AddressSpace::Commit::Charged;
  TRY_CODE((*p)->space().add_region(address, page_round_up(size), pte_flags_of(prot), commit));
  return static_cast<int64_t>(address);
}

int64_t sys_process_write(TrapFrame& f) {
  auto p = target(f.x[kA0]);
  if (!p) return error_code(p.error());
  uint64_t address = f.x[kA1], source = f.x[kA2], length = f.x[kA3];
  // Loading another process may fill its read-only or execute-only
  // regions; a process writing to itself gets no more than its rights.
  // Either way one copy, straight from the caller's pages.
  bool self = *p == &current_process();
  return status_code(
      AddressSpace::copy_across((*p)->space(), address, current_process().space(), source, length, self));
}

int64_t sys_handle_give(TrapFrame& f) {
  auto p = target(f.x[kA0]);
  if (!p) return error_code(p.error());
  Process& self = current_process();
  auto entry = lookup_handle(f.x[kA1]);
  if (!entry) return error_code(entry.error());
  auto handle = static_cast<HandleValue>(f.x[kA1]);
  if (!((*entry)->rights & abi::rights::kTransfer)) return error_code(Error::AccessDenied);
  if (*p == &self) return handle;
  auto* object = static_cast<KernelObject*>((*entry)->object);
  // A process holding a handle to itself could never be reclaimed before
  // it starts (Process::on_last_handle_closed): refuse the cycle.
  if (object == *p) return error_code(Error::InvalidArgument);
  // Nor may it hold an object that holds handles: longer cycles.
  if (object->holds_handles()) return error_code(Error::BadState);
  auto given = (*p)->install_transferred(object, (*entry)->rights);
  if (!given) return error_code(given.error());
  // The object keeps its handle count: one handle moved, none was closed.
  (void)self.take_for_transfer(handle);
  return *given;
}

int64_t sys_thread_start(TrapFrame& f) {
  auto process = get_object<Process>(f.x[kA0], abi::rights::kManage);
  if (!process) return error_code(process.error());
  Process* p = *process;
  if (p->exited() || p->exiting()) return error_code(Error::BadState);
  uint64_t entry = f.x[kA1], stack_top = f.x[kA2], argument = f.x[kA3];
  if (entry >= kUserTop || stack_top > kUserTop || stack_top % 16) return error_code(Error::InvalidArgument);
  auto created = Thread::create_user(p, entry, stack_top, argument, p->start_priority());
  if (!created) return error_code(created.error());
  auto thread = RefPtr<Thread>::adopt(*created);
  auto h = current_process().add_handle(thread.get(), abi::rights::kBasic | abi::rights::kManage);
  if (!h) return error_code(h.error());
  p->add_thread(thread.get());
  sched::make_ready(thread.into_raw());  // the scheduler's reference until the thread is gone
  return *h;
}

int64_t sys_process_info(TrapFrame& f) {
  auto p = get_object<Process>(f.x[kA0], abi::rights::kRead);
  if (!p) return error_code(p.error());
  if ((*p)->exited()) {
    f.x[kA1] = 0;
    return 0;
  }
  f.x[kA1] = (*p)->thread_count();
  return static_cast<int64_t>((*p)->space().resident_pages());
}

}  // namespace kernel
