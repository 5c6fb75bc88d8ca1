#include "foreground.h"

#include "abi/rights.h"
#include "ipc/syscall.h"

namespace uart {

Status Foreground::add(ipc::Handle process, uint64_t owner) {
  int64_t info = sys::handle_info(process);
  uint64_t type = sys::failed(info) ? 0 : uint64_t(info) >> 32;
  bool signaller = type == uint64_t(abi::ObjectType::Channel);
  bool usable = signaller || (type == uint64_t(abi::ObjectType::Process) && (uint64_t(info) & abi::rights::kManage));
  if (!usable) {
    (void)ipc::close(process);
    return Error::AccessDenied;
  }
  if (owner != owner_) {  // another waiter's job ends this one's turn
    drop();
    owner_ = owner;
    interrupted_ = false;
  }
  if (count_ == kMaxProcesses) {
    (void)ipc::close(process);
    return Error::Busy;
  }
  signallers_[count_] = signaller;
  processes_[count_++] = process;
  return {};
}

bool Foreground::clear(uint64_t owner) {
  if (owner != owner_) return false;
  bool interrupted = interrupted_;
  drop();
  owner_ = 0;
  interrupted_ = false;
  return interrupted;
}

bool Foreground::interrupt() {
  if (count_ == 0) return false;
  // process_kill gives 0 also for a process that ended just before: as
  // with a signal on Unix, Ctrl-C then counts for a job that was ending.
  constexpr uint64_t kSigint[4] = {2, 0, 0, 0};
  for (size_t i = 0; i < count_; ++i) {
    if (signallers_[i]) (void)ipc::channel_send(processes_[i], 0, kSigint);
    else (void)sys::process_kill(processes_[i]);
  }
  drop();
  // The owner still clears the job, and learns of the interrupt then.
  interrupted_ = true;
  return true;
}

void Foreground::drop() {
  for (size_t i = 0; i < count_; ++i) (void)ipc::close(processes_[i]);
  count_ = 0;
}

}  // namespace uart
