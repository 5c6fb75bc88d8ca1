// Processes: exit, spawn from the boot archive (passing handles), wait,
// kill; and closing handles.
#include "abi/syscall.h"
#include "boot/program_loader.h"
#include "sched/scheduler.h"
#include "syscall/handles.h"
#include "syscall/syscall.h"

namespace kernel {

namespace {

constexpr size_t kMaxPath = 256;
constexpr size_t kMaxArgs = 4096;
constexpr size_t kMaxSpawnHandles = 8;

// Every handle exists, may be transferred, and is named once: nothing moves
// unless everything can.
Status check_transferable(Process& parent, std::span<const uint32_t> handles) {
  for (size_t i = 0; i < handles.size(); ++i) {
    auto entry = parent.handles().get(handles[i]);
    if (!entry) return entry.error();
    if (!((*entry)->rights & abi::rights::kTransfer)) return Error::AccessDenied;
    for (size_t j = 0; j < i; ++j) {
      if (handles[j] == handles[i]) return Error::InvalidArgument;
    }
  }
  return {};
}

// Gives child a handle to each object with the same rights; the values land
// in installed. All or nothing: on failure the child has none of them.
Status copy_handles(Process& parent, Process& child, std::span<const uint32_t> handles, uint32_t* installed) {
  for (size_t i = 0; i < handles.size(); ++i) {
    HandleEntry* entry = *parent.handles().get(handles[i]);
    auto added = child.add_handle(static_cast<KernelObject*>(entry->object), entry->rights);
    if (!added) {
      for (size_t j = 0; j < i; ++j) (void)child.close_handle(installed[j]);
      return added.error();
    }
    installed[i] = *added;
  }
  return {};
}

// Starts path with the given handles. The parent's handles are closed only
// once the child runs, so on any failure the parent keeps them all; the
// child's copy makes the close a move (no "last handle closed" event).
Result<Process*> spawn(Process& parent, std::string_view path, std::span<const char> args,
                       std::span<const uint32_t> handles) {
  TRY(check_transferable(parent, handles));
  auto program = load_program(path, current_thread()->priority);
  if (!program) return program.error();
  Process* child = program->process;
  uint32_t installed[kMaxSpawnHandles];
  Status s = copy_handles(parent, *child, handles, installed);
  if (s) {
    s = start_program(*program, StartInfo{args, std::span<const uint32_t>(installed, handles.size()), {}});
    if (!s) {
      for (size_t i = 0; i < handles.size(); ++i) (void)child->close_handle(installed[i]);
    }
  }
  if (!s) {
    child->release();
    return s.error();
  }
  for (uint32_t h : handles) (void)parent.close_handle(h);
  return child;
}

}  // namespace

int64_t sys_process_exit(TrapFrame& f) {
  current_process().kill(static_cast<int64_t>(static_cast<uint32_t>(f.x[kA0])));
  sched::exit_current();
}

int64_t sys_process_spawn(TrapFrame& f) {
  uint64_t path_length = f.x[kA1];
  uint64_t args_length = f.x[kA3];
  uint64_t handle_count = f.x[kA5];
  if (path_length == 0 || path_length > kMaxPath || args_length > kMaxArgs || handle_count > kMaxSpawnHandles) {
    return error_code(Error::TooLarge);
  }
  char path[kMaxPath];
  char args[kMaxArgs];
  uint32_t handles[kMaxSpawnHandles];
  Process& p = current_process();
  Status s = p.space().copy_in(path, f.x[kA0], path_length);
  if (s) s = p.space().copy_in(args, f.x[kA2], args_length);
  if (s) s = p.space().copy_in(handles, f.x[kA4], handle_count * sizeof(uint32_t));
  if (!s) return status_code(s);
  auto child = spawn(p, std::string_view(path, path_length), std::span<const char>(args, args_length),
                     std::span<const uint32_t>(handles, handle_count));
  if (!child) return error_code(child.error());
  auto handle = p.add_handle(*child, abi::rights::kBasic | abi::rights::kRead | abi::rights::kManage);
  (*child)->release();  // the handle holds it now (or nobody does)
  return handle ? int64_t{*handle} : error_code(handle.error());
}

int64_t sys_process_wait(TrapFrame& f) {
  auto process = get_object<Process>(f.x[kA0], abi::rights::kWait);
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

int64_t sys_process_kill(TrapFrame& f) {
  auto process = get_object<Process>(f.x[kA0], abi::rights::kManage);
  if (!process) return error_code(process.error());
  // Stops its threads at once (a no-op if it is ending already); if it is
  // the caller's own process, the calling thread goes too.
  (*process)->kill(abi::kExitKilled);
  if (*process == &current_process()) sched::exit_current();
  return 0;
}

int64_t sys_handle_close(TrapFrame& f) {
  auto entry = lookup_handle(f.x[kA0]);
  if (!entry) return error_code(entry.error());
  return status_code(current_process().close_handle(static_cast<HandleValue>(f.x[kA0])));
}

}  // namespace kernel
