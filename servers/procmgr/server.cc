#include "server.h"

#include <stdlib.h>
#include <string.h>

#include <new>

#include "abi/address_space.h"
#include "abi/rights.h"
#include "abi/syscall.h"
#include "ipc/ipc.h"
#include "ipc/spawn_arguments.h"

namespace procmgr {

namespace {

using namespace idl::procmgr;

constexpr size_t kPageSize = 4096;
// manage: a parent may end its child itself, or hand that power on (the
// console kills the processes of its foreground job on Ctrl-C, docs/posix.md).
constexpr uint32_t kParentRights = abi::rights::kBasic | abi::rights::kRead | abi::rights::kManage;

// A spawn's arguments once they are procmgr's own copy (`blocks`: argv's
// block, then envp's), allocated while locked (malloc is not thread-safe).
// The request is not kept: the loader's own calls overwrite it (they use
// this thread's IPC buffer).
struct SpawnArguments {
  char* blocks;
  size_t argv_size;
  size_t envp_size;

  std::span<const char> argv() const { return {blocks, argv_size}; }
  std::span<const char> envp() const { return {blocks + argv_size, envp_size}; }
};

State state_of(ProcessState s) {
  switch (s) {
    case ProcessState::Running:
      return State::Running;
    case ProcessState::Exited:
      return State::Exited;
    case ProcessState::Killed:
      return State::Killed;
  }
  return State::Exited;
}

}  // namespace

// A ProcessManager channel: its requests are the caller's.
class Server::Session final : public server::Source {
 public:
  Session(Server& server, int64_t caller) : server_(server), caller_(caller) {}
  void on_call(server::Call& call) override;
  void on_closed() override { server_.session_closed(caller_); }

 private:
  Server& server_;
  int64_t caller_;
};

// A process procmgr started, for its end.
class Server::ExitWatch final : public server::Source {
 public:
  ExitWatch(Server& server, int64_t pid) : server_(server), pid_(pid) {}
  void on_exit(int64_t status) override { server_.process_exited(pid_, status); }

 private:
  Server& server_;
  int64_t pid_;
};

// A channel that signals one process (ProcessManager.signaller): each
// message on it is a signal for that process, who may send it was decided
// when it was made. It lives in slot of the target's record.
class Server::Signaller final : public server::Source {
 public:
  Signaller(Server& server, int64_t pid, size_t slot) : server_(server), pid_(pid), slot_(slot) {}
  void on_event(const ipc::Event& event) override;
  void on_closed() override;

 private:
  Server& server_;
  int64_t pid_;
  size_t slot_;
};

void Server::Signaller::on_event(const ipc::Event& event) {
  server::Source::on_event(event);  // closes any handles it brought
  ProcessRecord* target = server_.table_.find(pid_);
  if (event.kind() != abi::EventKind::Message || !target) return;
  if (event.words[0] < ProcessTable::kSignalCount) (void)server_.signal(*target, static_cast<uint32_t>(event.words[0]), 0);
}

void Server::Signaller::on_closed() {
  if (ProcessRecord* target = server_.table_.find(pid_)) target->signallers[slot_] = 0;
}

Status Server::start(ipc::Handle init_session, ipc::Handle observer) {
  TRY(server_.init(server::Threads::AsNeeded));
  TRY(table_.start());
  auto init = server_.add(init_session, new (std::nothrow) Session(*this, ProcessTable::kInitPid), true);
  if (!init) return init.error();
  table_.find(ProcessTable::kInitPid)->session = *init;
  if (observer != ipc::kInvalidHandle) {
    auto added = server_.add(observer, new (std::nothrow) Session(*this, kObserver), true);
    if (!added) return added.error();
  }
  return {};
}

Result<ipc::Handle> Server::add_session(int64_t caller, uint64_t& key) {
  return server_.add_channel(new (std::nothrow) Session(*this, caller), &key);
}

// The handlers for one request from one process (dispatch_process_manager
// calls them). They run locked; spawn releases the lock while it loads.
class Server::Requests : public server::HandleCloser {
 public:
  Requests(Server& server, int64_t caller) : server_(server), table_(server.table_), caller_(caller) {}

  Status spawn(const ProcessManagerSpawnParams& in, ProcessManagerSpawnResults& out);
  Status spawn_large(const ProcessManagerSpawnLargeParams& in, ProcessManagerSpawnLargeResults& out);
  Status kill(const ProcessManagerKillParams& in, ProcessManagerKillResults& out);
  Status reap(const ProcessManagerReapParams& in, ProcessManagerReapResults& out);
  Status getpid(const ProcessManagerGetpidParams& in, ProcessManagerGetpidResults& out);
  Status list(const ProcessManagerListParams& in, ProcessManagerListResults& out);
  Status cmdline(const ProcessManagerCmdlineParams& in, ProcessManagerCmdlineResults& out);
  Status mount_view(const ProcessManagerMountViewParams& in, ProcessManagerMountViewResults& out);
  Status set_signal_channel(const ProcessManagerSetSignalChannelParams& in, ProcessManagerSetSignalChannelResults& out);
  Status set_signals(const ProcessManagerSetSignalsParams& in, ProcessManagerSetSignalsResults& out);
  Status signaller(const ProcessManagerSignallerParams& in, ProcessManagerSignallerResults& out);

 private:
  // Whether the caller may start one more process now.
  Status may_spawn() {
    ProcessRecord* parent = table_.find(caller_);
    if (!parent || !parent->running()) return Error::BadState;
    if (caller_ == ProcessTable::kInitPid) return {};
    if (parent->spawning >= kSpawnsPerProcess) return Error::ShouldWait;
    if (table_.children_of(caller_) >= kChildrenPerProcess) return Error::NoMemory;
    return {};
  }
  // What both spawns do once the arguments are copied (or failed to be):
  // frees them, consumes vfs and startup.
  Status start(std::string_view path, Result<SpawnArguments> arguments, ipc::Handle vfs, bool private_mounts,
               ipc::Handle startup, int64_t& pid_out, ipc::Handle& process_out);
  // Starts the new record's program; fills in the record.
  Result<ipc::Handle> load(int64_t pid, const LoadRequest& request);
  // load_program with the lock released and another thread serving.
  Result<ipc::Handle> load_unlocked(LoadRequest& request) {
    bool loaded = false;
    auto process = server_.server_.unlocked([&] {
      loaded = true;
      return load_program(request);
    });
    if (!loaded) {  // it consumes the request's handles; without it, we do
      (void)ipc::close(request.vfs);
      (void)ipc::close(request.session);
      (void)ipc::close(request.inheritance);
    }
    return process;
  }

  Server& server_;
  ProcessTable& table_;
  int64_t caller_;
};

namespace {

Result<SpawnArguments> copy_arguments(idl::Data argv, idl::Data envp) {
  auto* blocks = static_cast<char*>(malloc(argv.size + envp.size + 1));
  if (!blocks) return Error::NoMemory;
  memcpy(blocks, argv.data, argv.size);
  memcpy(blocks + argv.size, envp.data, envp.size);
  return SpawnArguments{blocks, argv.size, envp.size};
}

// A spawnLarge's blocks, out of the client's membuf (closed after). The
// client may still be writing it: what is checked is procmgr's copy.
Result<SpawnArguments> read_arguments(ipc::Handle membuf, uint32_t argv_size, uint32_t envp_size) {
  struct Closed {
    ipc::Handle h;
    ~Closed() { (void)ipc::close(h); }
  } closed{membuf};
  uint64_t size = uint64_t(argv_size) + envp_size;
  if (size > ipc::kArgMax) return Error::TooLarge;
  auto* blocks = static_cast<char*>(malloc(size + 1));
  if (!blocks) return Error::NoMemory;
  if (size) {
    int64_t address = sys::membuf_map(membuf, 0, 0, abi::page_round_up(size), abi::kProtRead);
    if (address < 0) {  // not a membuf we may map, or smaller than the sizes say
      free(blocks);
      return Error::InvalidArgument;
    }
    memcpy(blocks, reinterpret_cast<const void*>(address), size);
    (void)sys::mem_unmap(static_cast<uint64_t>(address), abi::page_round_up(size));
  }
  SpawnArguments arguments{blocks, argv_size, envp_size};
  if (Status checked = ipc::check_arguments(arguments.argv(), arguments.envp()); !checked) {
    free(blocks);
    return checked.error();
  }
  return arguments;
}

}  // namespace

Status Server::Requests::spawn(const ProcessManagerSpawnParams& in, ProcessManagerSpawnResults& out) {
  return start({in.path.data, in.path.size}, copy_arguments(in.argv, in.envp), in.vfs, in.private_mounts,
               in.startup, out.pid, out.process);
}

Status Server::Requests::spawn_large(const ProcessManagerSpawnLargeParams& in, ProcessManagerSpawnLargeResults& out) {
  return start({in.path.data, in.path.size}, read_arguments(in.arguments, in.argv_size, in.envp_size), in.vfs,
               in.private_mounts, in.startup, out.pid, out.process);
}

Status Server::Requests::start(std::string_view path, Result<SpawnArguments> arguments, ipc::Handle vfs,
                               bool private_mounts, ipc::Handle startup, int64_t& pid_out, ipc::Handle& process_out) {
  Status allowed = arguments ? may_spawn() : Status(arguments.error());
  if (allowed && (path.empty() || path[0] != '/' || program_name(path).empty())) allowed = Error::InvalidArgument;
  char* path_copy = allowed ? static_cast<char*>(malloc(path.size())) : nullptr;
  size_t stack_size = arguments ? stack_image_capacity(path, arguments->argv(), arguments->envp()) : 0;
  auto* stack = path_copy ? static_cast<uint8_t*>(malloc(stack_size)) : nullptr;
  if (allowed && !stack) allowed = Error::NoMemory;
  auto added = allowed ? table_.add(caller_, program_name(path)) : Result<ProcessRecord*>(allowed.error());
  // /proc/<pid>/cmdline; without argv the child's argv is its path.
  Status kept = !added ? Status(added.error())
                : arguments->argv_size ? table_.set_argv((*added)->pid, arguments->blocks, arguments->argv_size)
                                       : table_.set_argv((*added)->pid, path.data(), path.size());
  if (!kept) {
    if (added) table_.remove((*added)->pid);
    if (arguments) free(arguments->blocks);
    free(path_copy);
    free(stack);
    (void)ipc::close(vfs);
    (void)ipc::close(startup);
    return kept.error();
  }
  int64_t pid = (*added)->pid;
  memcpy(path_copy, path.data(), path.size());
  LoadRequest request{caller_,
                      {path_copy, path.size()},
                      arguments->argv(),
                      arguments->envp(),
                      vfs,
                      private_mounts,
                      0,
                      startup,
                      {stack, stack_size},
                      ipc::kInvalidHandle};
  ++table_.find(caller_)->spawning;
  auto process = load(pid, request);
  free(arguments->blocks);
  free(path_copy);
  free(stack);
  if (ProcessRecord* parent = table_.find(caller_)) --parent->spawning;
  if (!process) return process.error();
  pid_out = pid;
  process_out = *process;
  return {};
}

Result<ipc::Handle> Server::Requests::load(int64_t pid, const LoadRequest& prepared) {
  LoadRequest request = prepared;
  uint64_t session_key = 0;
  auto session = server_.add_session(pid, session_key);
  if (!session) {
    (void)ipc::close(request.vfs);
    (void)ipc::close(request.inheritance);
    table_.remove(pid);
    return session.error();
  }
  request.session = *session;
  auto process = load_unlocked(request);  // fills request.view
  Result<ipc::Handle> for_parent =
      process ? ipc::duplicate(*process, kParentRights) : Result<ipc::Handle>(process.error());
  ProcessRecord* record = table_.find(pid);
  if (!for_parent || !record) {
    if (process) {
      (void)sys::process_kill(*process);
      (void)ipc::close(*process);
    }
    if (for_parent) (void)ipc::close(*for_parent);
    server_.server_.remove(session_key);
    if (request.view) (void)ipc::close(request.view);
    table_.remove(pid);
    return for_parent ? Error::BadState : for_parent.error();
  }
  record->process = *process;
  record->session = session_key;
  record->view = request.view;
  // Asked to die while it was being loaded.
  if (record->kill_requested) (void)sys::process_kill(*process);
  // If the process has ended already, the event is posted at once. Without
  // a watch (no memory for it) reap and list still see the end (poll_exit).
  auto watch = server_.server_.add(*process, new (std::nothrow) ExitWatch(server_, pid), true);
  record->watch = watch ? *watch : 0;
  return *for_parent;
}

Status Server::Requests::kill(const ProcessManagerKillParams& in, ProcessManagerKillResults&) {
  ProcessRecord* target = table_.find(in.pid);
  if (!target) return Error::NotFound;
  if (!table_.may_signal(caller_, in.pid)) return Error::AccessDenied;
  if (in.signal >= ProcessTable::kSignalCount) return Error::InvalidArgument;
  return server_.signal(*target, in.signal, caller_);
}

Status Server::Requests::signaller(const ProcessManagerSignallerParams& in, ProcessManagerSignallerResults& out) {
  ProcessRecord* target = table_.find(in.pid);
  if (!target) return Error::NotFound;
  if (!table_.may_signal(caller_, in.pid) || !target->running()) return Error::AccessDenied;
  size_t slot = 0;
  while (slot < ProcessRecord::kSignallers && target->signallers[slot]) ++slot;
  if (slot == ProcessRecord::kSignallers) return Error::Busy;
  uint64_t key = 0;
  auto end = server_.server_.add_channel(new (std::nothrow) Signaller(server_, in.pid, slot), &key);
  if (!end) return end.error();
  target->signallers[slot] = key;
  out.channel = *end;
  return {};
}

Status Server::signal(ProcessRecord& target, uint32_t signal, int64_t sender) {
  if (!target.running() || signal == 0) return {};
  switch (ProcessTable::action_for(target, signal)) {
    case SignalAction::Ignore:
      return {};
    case SignalAction::Deliver: {
      uint64_t words[4] = {signal, static_cast<uint64_t>(sender), 0, 0};
      Status sent = ipc::channel_send(target.signal_channel, 0, words);
      // Then the thread that takes them is interrupted, wherever it is, and
      // its libc runs the handler (docs/posix.md, "Signals"). One that has
      // no interrupt entry (NotFound) takes them at its delivery points.
      if (sent && target.process) (void)sys::process_interrupt(target.process, signal);
      // A full queue (64 signals not taken yet) drops this one, as POSIX
      // merges a signal into one already pending.
      if (sent || sent.error() == Error::ShouldWait) return {};
      break;  // its channel is gone: the default action
    }
    case SignalAction::Hold: {
      // Pending in the process, which acts on it when it unblocks it; no
      // interrupt, as nothing runs for it now. Without a channel yet (its
      // libc has not started) we keep it until it gives one.
      uint64_t words[4] = {signal, static_cast<uint64_t>(sender), 0, 0};
      Status sent = ipc::channel_send(target.signal_channel, 0, words);
      if (!sent && sent.error() != Error::ShouldWait) target.held_pending |= uint64_t{1} << signal;
      return {};
    }
    case SignalAction::End:
      break;
  }
  if (!target.kill_requested) target.kill_signal = signal;
  target.kill_requested = true;
  if (!target.process) return {};  // still loading: killed once it is built
  int64_t r = sys::process_kill(target.process);
  return r < 0 ? Status(static_cast<Error>(r)) : Status();
}

Status Server::Requests::set_signal_channel(const ProcessManagerSetSignalChannelParams& in,
                                            ProcessManagerSetSignalChannelResults&) {
  ProcessRecord* self = table_.find(caller_);
  if (!self || !self->running()) {
    (void)ipc::close(in.channel);
    return Error::NotFound;
  }
  if (self->signal_channel) (void)ipc::close(self->signal_channel);
  self->signal_channel = in.channel;
  server_.release_held(*self);
  return {};
}

Status Server::Requests::set_signals(const ProcessManagerSetSignalsParams& in, ProcessManagerSetSignalsResults&) {
  ProcessRecord* self = table_.find(caller_);
  if (!self || !self->running()) return Error::NotFound;
  // Caught needs somewhere to go.
  if (in.caught && !self->signal_channel) return Error::BadState;
  TRY(table_.set_signals(caller_, in.caught, in.ignored, in.held));
  server_.release_held(*self);
  return {};
}

void Server::release_held(ProcessRecord& target) {
  uint64_t came = target.held_pending;
  target.held_pending = 0;
  for (uint32_t s = 1; s < ProcessTable::kSignalCount; ++s) {
    if (came & (uint64_t{1} << s)) (void)signal(target, s, 0);
  }
}

Status Server::Requests::reap(const ProcessManagerReapParams& in, ProcessManagerReapResults& out) {
  // A parent that saw its child end (process_wait) may ask before the
  // ProcessExit event has reached us.
  ProcessRecord* record = table_.find(in.pid);
  if (record && record->ppid == caller_ && record->running()) server_.poll_exit(*record);
  auto status = table_.reap(caller_, in.pid);
  if (!status) return status.error();
  out.status = *status;
  return {};
}

Status Server::Requests::getpid(const ProcessManagerGetpidParams&, ProcessManagerGetpidResults& out) {
  ProcessRecord* self = table_.find(caller_);
  if (!self) return Error::NotFound;
  out.pid = self->pid;
  out.ppid = self->ppid;
  return {};
}

Status Server::Requests::list(const ProcessManagerListParams& in, ProcessManagerListResults& out) {
  if (in.index >= table_.size()) {
    out.end = true;
    return {};
  }
  ProcessRecord& r = table_.at(in.index);
  if (r.running() && r.process) server_.poll_exit(r);
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

Status Server::Requests::cmdline(const ProcessManagerCmdlineParams& in, ProcessManagerCmdlineResults& out) {
  ProcessRecord* r = table_.find(in.pid);
  if (!r) return Error::NotFound;
  out.argv = idl::Data{reinterpret_cast<const uint8_t*>(r->argv), r->argv ? r->argv_size : 0};
  return {};
}

Status Server::Requests::mount_view(const ProcessManagerMountViewParams& in, ProcessManagerMountViewResults& out) {
  if (caller_ != kObserver) return Error::AccessDenied;
  ProcessRecord* r = table_.find(in.pid);
  if (!r || !r->view) return Error::NotFound;
  auto view = ipc::duplicate(r->view, uint32_t(sys::handle_info(r->view)));
  if (!view) return view.error();
  out.vfs = *view;
  return {};
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
  if (record->watch) server_.remove(record->watch);  // closes the process handle
  else if (record->process) (void)ipc::close(record->process);
  if (record->session) server_.remove(record->session);
  if (record->view) (void)ipc::close(record->view);
  forget_images(pid);
  if (record->signal_channel) (void)ipc::close(record->signal_channel);
  for (uint64_t& key : record->signallers) {
    if (key) server_.remove(key);
    key = 0;
  }
  record->process = 0;
  record->watch = 0;
  record->session = 0;
  record->view = 0;
  record->signal_channel = 0;
  table_.end(pid, status);
}

void Server::process_exited(int64_t pid, int64_t status) {
  if (ProcessRecord* record = table_.find(pid)) {
    record->watch = 0;
    record->process = 0;
  }
  process_ended(pid, status);
}

void Server::session_closed(int64_t pid) {
  // The process ended or closed its session; the record stays until its
  // ProcessExit (init's never ends).
  // The server closes the handle.
  ProcessRecord* record = table_.find(pid);
  if (record) record->session = 0;
}

void Server::run() {
  (void)server_.run();
  __builtin_unreachable();  // with Threads::AsNeeded, run() ends the process
}

void Server::Session::on_call(server::Call& call) {
  Requests requests(server_, caller_);
  dispatch_process_manager(requests, call.message());
}

}  // namespace procmgr
