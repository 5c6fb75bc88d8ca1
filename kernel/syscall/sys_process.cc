// Processes: exit, spawn from the boot archive, wait; and closing handles.
#include "abi/syscall.h"
#include "boot/program_loader.h"
#include "sched/scheduler.h"
#include "syscall/handles.h"
#include "syscall/syscall.h"

namespace kernel {

namespace {
constexpr size_t kMaxPath = 256;
constexpr size_t kMaxArgs = 4096;
}  // namespace

int64_t sys_process_exit(TrapFrame& f) {
  current_process().kill(static_cast<int64_t>(static_cast<uint32_t>(f.x[kA0])));
  sched::exit_current();
}

int64_t sys_process_spawn(TrapFrame& f) {
  uint64_t path_length = f.x[kA1];
  uint64_t args_length = f.x[kA3];
  if (path_length == 0 || path_length > kMaxPath || args_length > kMaxArgs) return error_code(Error::TooLarge);
  char path[kMaxPath];
  char args[kMaxArgs];
  Process& p = current_process();
  Status s = p.space().copy_in(path, f.x[kA0], path_length);
  if (s) s = p.space().copy_in(args, f.x[kA2], args_length);
  if (!s) return status_code(s);
  auto child = spawn_from_archive(std::string_view(path, path_length), std::span<const char>(args, args_length));
  if (!child) return error_code(child.error());
  auto handle = p.add_handle(*child, abi::rights::kBasic | abi::rights::kRead | abi::rights::kManage);
  (*child)->release();  // the handle holds it now (or nobody does)
  return handle ? int64_t{*handle} : error_code(handle.error());
}

int64_t sys_process_wait(TrapFrame& f) {
  auto process = get_object<Process>(static_cast<HandleValue>(f.x[kA0]), abi::rights::kWait);
  if (!process) return error_code(process.error());
  Process* child = *process;
  uint64_t deadline = f.x[kA1];
  // Hold a reference: the handle may be closed by another thread while we sleep.
  child->retain();
  Error e = Error::Ok;
  while (!child->exited() && e == Error::Ok) e = sched::block(&child->exit_waiters(), deadline);
  int64_t result = child->exited() ? child->exit_status() : error_code(e);
  child->release();
  return result;
}

int64_t sys_handle_close(TrapFrame& f) {
  return status_code(current_process().close_handle(static_cast<HandleValue>(f.x[kA0])));
}

}  // namespace kernel
