#include "foreground.h"

#include "abi/rights.h"
#include "ipc/syscall.h"

namespace uart {

bool Foreground::usable(ipc::Handle process, bool& signaller) {
  int64_t info = sys::handle_info(process);
  uint64_t type = sys::failed(info) ? 0 : uint64_t(info) >> 32;
  signaller = type == uint64_t(abi::ObjectType::Channel);
  return signaller || (type == uint64_t(abi::ObjectType::Process) && (uint64_t(info) & abi::rights::kManage));
}

void Foreground::interrupt(ipc::Handle process, bool signaller) {
  // process_kill gives 0 also for a process that ended just before: as
  // with a signal on Unix, Ctrl-C then counts for a job that was ending.
  constexpr uint64_t kSigint[4] = {2, 0, 0, 0};
  if (signaller) (void)ipc::channel_send(process, 0, kSigint);
  else (void)sys::process_kill(process);
}

Status Foreground::add(ipc::Handle process, uint64_t owner) {
  bool signaller = false;
  if (!usable(process, signaller)) {
    (void)ipc::close(process);
    return Error::AccessDenied;
  }
  if (owner != owner_) start_job(owner);  // another waiter's job ends this one's turn
  if (count_ == kMaxProcesses) {
    (void)ipc::close(process);
    return Error::Busy;
  }
  signallers_[count_] = signaller;
  processes_[count_++] = process;
  return {};
}

uint64_t Foreground::share(uint64_t owner) {
  if (owner != owner_) start_job(owner);
  return job_;
}

Status Foreground::add_to_job(ipc::Handle process, uint64_t job) {
  if (owner_ == 0 || job != job_) {
    (void)ipc::close(process);
    return Error::NotFound;
  }
  if (!interrupted_) return add(process, owner_);
  // Started as Ctrl-C came: it is the job's, and ends with it.
  bool signaller = false;
  bool ok = usable(process, signaller);
  if (ok) interrupt(process, signaller);
  (void)ipc::close(process);
  if (!ok) return Error::AccessDenied;
  return {};
}

bool Foreground::clear(uint64_t owner) {
  if (owner != owner_) return false;
  bool interrupted = interrupted_;
  drop();
  owner_ = 0;
  ++job_;  // its members' adds find it over
  interrupted_ = false;
  return interrupted;
}

bool Foreground::interrupt() {
  if (count_ == 0) return false;
  // The last added first: a child shell's commands end before it does,
  // and so before the shell that waits for it takes the console back.
  for (size_t i = count_; i-- > 0;) interrupt(processes_[i], signallers_[i]);
  // The job (its handles) stays until its owner clears it, and learns of
  // the interrupt then.
  interrupted_ = true;
  return true;
}

void Foreground::start_job(uint64_t owner) {
  drop();
  owner_ = owner;
  ++job_;
  interrupted_ = false;
}

void Foreground::drop() {
  for (size_t i = 0; i < count_; ++i) (void)ipc::close(processes_[i]);
  count_ = 0;
}

}  // namespace uart
