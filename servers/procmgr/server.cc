#include "server.h"

#include <string.h>

#include "abi/rights.h"
#include "abi/syscall.h"
#include "ipc/ipc.h"

namespace procmgr {

namespace {

using namespace idl::procmgr;

constexpr size_t kPageSize = 4096;
constexpr uint32_t kParentRights = abi::rights::kBasic | abi::rights::kRead;

State state_of(ProcessState s) {
  switch (s) {
    case ProcessState::Running: return State::Running;
    case ProcessState::Exited: return State::Exited;
    case ProcessState::Killed: return State::Killed;
  }
  return State::Exited;
}

}  // namespace

Status Server::start(ipc::Handle port, ipc::Handle init_session) {
  port_ = port;
  TRY(ipc::port_bind(port_, init_session, ProcessTable::kInitPid));
  table_.find(ProcessTable::kInitPid)->session = init_session;
  return {};
}

Status Server::spawn(const ProcessManagerSpawnParams& in, ProcessManagerSpawnResults& out) {
  std::string_view path(in.path.data, in.path.size);
  ProcessRecord* parent = table_.find(caller_);
  Error refused = Error::Ok;
  if (!parent || !parent->running()) refused = Error::BadState;
  else if (path.empty() || path[0] != '/' || program_name(path).empty()) refused = Error::InvalidArgument;
  if (refused != Error::Ok) {
    (void)ipc::close(in.vfs);
    return refused;
  }
  auto added = table_.add(caller_, program_name(path));
  if (!added) {
    (void)ipc::close(in.vfs);
    return added.error();
  }
  int64_t pid = (*added)->pid;
  auto session = ipc::channel_create();
  if (!session) {
    (void)ipc::close(in.vfs);
    table_.remove(pid);
    return session.error();
  }
  if (Status bound = ipc::port_bind(port_, session->a, static_cast<uint64_t>(pid)); !bound) {
    (void)ipc::close(in.vfs);
    (void)ipc::close(session->a);
    (void)ipc::close(session->b);
    table_.remove(pid);
    return bound.error();
  }

  // The sizes are within the buffers: the dispatcher checked the bounds.
  memcpy(path_, path.data(), path.size());
  memcpy(argv_, in.argv.data, in.argv.size);
  memcpy(envp_, in.envp.data, in.envp.size);
  LoadRequest request{{path_, path.size()},
                      {argv_, in.argv.size},
                      {envp_, in.envp.size},
                      in.vfs,
                      in.private_mounts,
                      session->b};
  auto process = load_program(request);
  Result<ipc::Handle> for_parent = process ? ipc::duplicate(*process, kParentRights) : Result<ipc::Handle>(process.error());
  if (!for_parent) {
    if (process) {
      (void)sys::process_kill(*process);
      (void)ipc::close(*process);
    }
    (void)ipc::close(session->a);
    table_.remove(pid);
    return for_parent.error();
  }
  ProcessRecord* record = table_.find(pid);
  record->process = *process;
  record->session = session->a;
  // If the process has ended already, the event is posted at once.
  (void)ipc::port_bind(port_, *process, static_cast<uint64_t>(pid) | kExitBit);
  out.pid = pid;
  out.process = *for_parent;
  return {};
}

Status Server::kill(const ProcessManagerKillParams& in, ProcessManagerKillResults&) {
  ProcessRecord* target = table_.find(in.pid);
  if (!target) return Error::NotFound;
  if (!table_.may_kill(caller_, in.pid)) return Error::AccessDenied;
  if (!target->running() || !target->process) return {};
  target->kill_requested = true;
  int64_t r = sys::process_kill(target->process);
  return r < 0 ? Status(static_cast<Error>(r)) : Status();
}

Status Server::reap(const ProcessManagerReapParams& in, ProcessManagerReapResults& out) {
  // A parent that saw its child end (process_wait) may ask before the
  // ProcessExit event has reached us.
  ProcessRecord* record = table_.find(in.pid);
  if (record && record->ppid == caller_ && record->running()) poll_exit(*record);
  auto status = table_.reap(caller_, in.pid);
  if (!status) return status.error();
  out.status = *status;
  return {};
}

Status Server::getpid(const ProcessManagerGetpidParams&, ProcessManagerGetpidResults& out) {
  ProcessRecord* self = table_.find(caller_);
  if (!self) return Error::NotFound;
  out.pid = self->pid;
  out.ppid = self->ppid;
  return {};
}

Status Server::list(const ProcessManagerListParams& in, ProcessManagerListResults& out) {
  if (in.index >= table_.size()) {
    out.end = true;
    return {};
  }
  ProcessRecord& r = table_.at(in.index);
  if (r.running() && r.process) poll_exit(r);
  out.info.pid = r.pid;
  out.info.ppid = r.ppid;
  out.info.name = idl::Text(r.name, static_cast<uint32_t>(strlen(r.name)));
  out.info.state = state_of(r.state);
  out.info.status = r.running() ? 0 : r.status;
  if (r.running() && r.process) {
    sys::ProcessUsage usage = sys::process_info(r.process);
    if (usage.pages >= 0) {
      out.info.memory = static_cast<uint64_t>(usage.pages) * kPageSize;
      out.info.threads = static_cast<uint32_t>(usage.threads);
    }
  }
  return {};
}

void Server::drop_handles(const ipc::Handle* handles, uint32_t count) {
  for (uint32_t i = 0; i < count; ++i) (void)ipc::close(handles[i]);
}

void Server::poll_exit(ProcessRecord& record) {
  if (!record.process) return;
  sys::ProcessUsage usage = sys::process_info(record.process);
  if (usage.pages < 0 || usage.threads != 0) return;
  // No thread left: it has ended, so waiting returns at once.
  process_ended(record.pid, sys::process_wait(record.process));
}

void Server::process_ended(int64_t pid, int64_t status) {
  ProcessRecord* record = table_.find(pid);
  if (!record || !record->running()) return;  // heard of already, or reaped
  // The table may drop the record: close what it holds first.
  if (record->process) (void)ipc::close(record->process);
  if (record->session) (void)ipc::close(record->session);
  record->process = 0;
  record->session = 0;
  table_.end(pid, status);
}

void Server::session_closed(int64_t pid) {
  // The process ended or closed its session; the record stays until its
  // ProcessExit (init's never ends).
  ProcessRecord* record = table_.find(pid);
  if (!record || !record->session) return;
  (void)ipc::close(record->session);
  record->session = 0;
}

void Server::run() {
  ipc::Event e = ipc::port_wait(port_);
  for (;;) {
    if (e.ok()) {
      switch (e.kind()) {
        case abi::EventKind::Call: {
          ipc::Message& m = ipc::take(e);
          caller_ = static_cast<int64_t>(e.badge);
          dispatch_process_manager(*this, m);
          e = ipc::reply_wait(port_, m);
          continue;
        }
        case abi::EventKind::ProcessExit:
          process_ended(static_cast<int64_t>(e.badge & ~kExitBit), static_cast<int64_t>(e.words[0]));
          break;
        case abi::EventKind::PeerClosed: session_closed(static_cast<int64_t>(e.badge)); break;
        case abi::EventKind::Message: drop_handles(ipc::buffer().handles, e.handle_count()); break;
        default: break;
      }
    }
    e = ipc::port_wait(port_);
  }
}

}  // namespace procmgr
