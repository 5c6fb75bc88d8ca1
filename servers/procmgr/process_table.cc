#include "process_table.h"

#include "abi/syscall.h"

#include <cstdlib>
#include <cstring>

namespace procmgr {

namespace {

constexpr uint64_t bit(uint32_t signal) { return uint64_t{1} << signal; }
// SIGKILL and SIGSTOP, and 0, which is no signal.
constexpr uint64_t kNeverHandled = bit(ProcessTable::kSigKill) | bit(ProcessTable::kSigStop) | bit(0);
// SIGCHLD, SIGCONT, SIGURG and SIGWINCH: POSIX's default action is to ignore them.
constexpr uint64_t kIgnoredByDefault = bit(17) | bit(18) | bit(23) | bit(28);

// The signals of held that a process with these dispositions may hold.
constexpr uint64_t holdable(uint64_t held, uint64_t caught, uint64_t ignored) {
  return held & ~caught & ~ignored & ~kIgnoredByDefault & ~kNeverHandled;
}

void set_name(ProcessRecord& r, std::string_view name) {
  size_t n = name.size() < ProcessRecord::kNameLength - 1 ? name.size() : ProcessRecord::kNameLength - 1;
  std::memcpy(r.name, name.data(), n);
  r.name[n] = '\0';
}

}  // namespace

ProcessTable::~ProcessTable() {
  for (size_t i = 0; i < count_; ++i) std::free(records_[i].argv);
  std::free(records_);
}

Status ProcessTable::reserve() {
  if (count_ < capacity_) return {};
  size_t grown = capacity_ ? capacity_ * 2 : 64;
  auto* records = static_cast<ProcessRecord*>(std::realloc(records_, grown * sizeof(ProcessRecord)));
  if (!records) return Error::NoMemory;
  records_ = records;
  capacity_ = grown;
  return {};
}

Status ProcessTable::start() {
  TRY(reserve());
  ProcessRecord& init = records_[0];
  init = ProcessRecord{};
  init.pid = kInitPid;
  init.ppid = 0;
  set_name(init, "init");
  init.state = ProcessState::Running;
  count_ = 1;
  return {};
}

size_t ProcessTable::index_of(int64_t pid) const {
  // Binary search: records are in pid order.
  size_t low = 0, high = count_;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    if (records_[mid].pid < pid)
      low = mid + 1;
    else
      high = mid;
  }
  return low < count_ && records_[low].pid == pid ? low : count_;
}

ProcessRecord* ProcessTable::find(int64_t pid) {
  size_t i = index_of(pid);
  return i == count_ ? nullptr : &records_[i];
}

Result<ProcessRecord*> ProcessTable::add(int64_t ppid, std::string_view name) {
  ProcessRecord* parent = find(ppid);
  if (!parent || !parent->running()) return Error::NotFound;
  TRY(reserve());
  // Pids only grow, so the new record goes last and the order holds.
  ProcessRecord& r = records_[count_++];
  r = ProcessRecord{};
  r.pid = next_pid_++;
  r.ppid = ppid;
  set_name(r, name);
  r.state = ProcessState::Running;
  // A signal the parent ignores stays ignored across a spawn (POSIX): from
  // the child's first instruction, before its libc can say so itself.
  const ProcessRecord& p = *find(ppid);
  r.ignored = p.ignored;
  // Its mask is the parent's (unless the spawn set another), so a signal
  // the parent blocks is held from its first instruction; a caught one
  // too, as it is back at its default and the parent may block it. Its
  // libc tells us at once if it holds less, and what came meanwhile acts.
  r.held = holdable(p.held | p.caught, 0, r.ignored);
  return &r;
}

Status ProcessTable::set_argv(int64_t pid, const char* argv, size_t size) {
  ProcessRecord* r = find(pid);
  if (!r) return Error::NotFound;
  if (size > kCmdlineMax) {  // keep the whole strings that fit
    size_t end = kCmdlineMax;
    while (end > 0 && argv[end - 1] != '\0') --end;
    size = end ? end : kCmdlineMax;
  }
  auto* copy = static_cast<char*>(std::malloc(size ? size : 1));
  if (!copy) return Error::NoMemory;
  std::memcpy(copy, argv, size);
  std::free(r->argv);
  r->argv = copy;
  r->argv_size = static_cast<uint32_t>(size);
  return {};
}

void ProcessTable::erase(size_t index) {
  std::free(records_[index].argv);
  for (size_t i = index + 1; i < count_; ++i) records_[i - 1] = records_[i];
  --count_;
}

void ProcessTable::remove(int64_t pid) {
  size_t i = index_of(pid);
  if (i != count_ && pid != kInitPid) erase(i);
}

bool ProcessTable::end(int64_t pid, int64_t status) {
  ProcessRecord* r = find(pid);
  if (!r || pid == kInitPid || !r->running()) return false;
  r->state = r->kill_requested ? ProcessState::Killed : ProcessState::Exited;
  bool other_signal = r->kill_signal != 0 && r->kill_signal != kSigKill;
  r->status = r->kill_requested && status == abi::kExitKilled && other_signal ? abi::kExitSignal | r->kill_signal
                                                                             : status;
  bool drop_self = r->adopted;
  // Hand the children to init; drop those that have ended (walking down,
  // so erasing keeps the indices still to visit valid).
  for (size_t i = count_; i-- > 0;) {
    ProcessRecord& child = records_[i];
    if (child.ppid != pid) continue;
    child.ppid = kInitPid;
    child.adopted = true;
    if (!child.running()) erase(i);
  }
  if (drop_self) remove(pid);
  return true;
}

Result<int64_t> ProcessTable::reap(int64_t parent, int64_t pid) {
  ProcessRecord* r = find(pid);
  if (!r || r->ppid != parent || pid == kInitPid) return Error::NotFound;
  if (r->running()) return Error::ShouldWait;
  int64_t status = r->status;
  remove(pid);
  return status;
}

bool ProcessTable::may_signal(int64_t caller, int64_t target) {
  ProcessRecord* r = find(target);
  if (!r || target == kInitPid) return false;
  bool service = r->ppid == kInitPid && !r->adopted;
  return !service || caller == kInitPid || caller == target;
}

SignalAction ProcessTable::action_for(const ProcessRecord& target, uint32_t signal) {
  if (signal == 0 || signal >= kSignalCount) return SignalAction::Ignore;
  if (target.caught & bit(signal)) return SignalAction::Deliver;
  if ((target.ignored | kIgnoredByDefault) & bit(signal)) return SignalAction::Ignore;
  if (target.held & bit(signal)) return SignalAction::Hold;
  return SignalAction::End;
}

Status ProcessTable::set_signals(int64_t pid, uint64_t caught, uint64_t ignored, uint64_t held) {
  ProcessRecord* r = find(pid);
  if (!r) return Error::NotFound;
  r->caught = caught & ~kNeverHandled;
  r->ignored = ignored & ~kNeverHandled & ~r->caught;
  r->held = holdable(held, r->caught, r->ignored);
  return {};
}

size_t ProcessTable::children_of(int64_t parent) const {
  size_t children = 0;
  for (size_t i = 0; i < count_; ++i) children += records_[i].ppid == parent;
  return children;
}

}  // namespace procmgr
