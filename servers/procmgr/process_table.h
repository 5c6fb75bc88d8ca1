// procmgr's table of processes: who started whom, who still runs, and how
// each ended until its parent reaps it. It only keeps records; the kernel
// handles it stores for the server are opaque numbers here.
//
// Invariants: pids are unique and never reused (they only count up); pid 1
// (init) is always present and never ends; records are kept in pid order;
// every record's ppid names a live record or is init's, because a process
// that ends hands its children to init. Ended children that init adopted
// are dropped at once (init never started them, so it never reaps them).
//
// The table grows (realloc) until memory runs out; then add() fails with
// NoMemory and nothing changes. Records move when it grows: a pointer from
// find() or add() is good until the next add().
//
// Host-testable: no syscalls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "result.h"

namespace procmgr {

enum class ProcessState : uint8_t { Running, Exited, Killed };

// What a signal does to the process it is sent to: Hold is a signal it
// blocks whose action is the default, kept pending for it (docs/posix.md,
// "A blocked signal").
enum class SignalAction : uint8_t { Deliver, Hold, Ignore, End };

struct ProcessRecord {
  static constexpr size_t kNameLength = 32;  // with the terminator

  int64_t pid;
  int64_t ppid;
  char name[kNameLength];
  ProcessState state;
  bool adopted;         // re-parented to init when its parent ended
  bool kill_requested;  // ended by a kill request: it ends Killed
  uint32_t kill_signal; // the signal the first kill request named
  uint32_t spawning;    // spawns it asked for that are in progress
  int64_t status;       // once ended
  uint32_t process;     // the server's process handle (0: none)
  uint64_t watch;       // the server's key for the watch on process's end (0: none)
  uint64_t session;     // the server's key for its ProcessManager session (0: none)
  uint32_t view;        // a Vfs session sharing its mountspace, for mountView (0: none)
  uint32_t signal_channel;  // where its caught signals go (0: none)
  static constexpr size_t kSignallers = 8;
  uint64_t signallers[kSignallers];  // the server's keys for the channels that signal it (0: free)
  uint64_t caught;      // bit n: it has a handler for signal n
  uint64_t ignored;     // bit n: it ignores signal n
  uint64_t held;        // bit n: it blocks signal n, whose action is the default
  uint64_t held_pending;  // held signals that came while it had no signal channel
  char* argv;           // the argv it was started with, owned by the table (nullptr: none)
  uint32_t argv_size;

  bool running() const { return state == ProcessState::Running; }
};

class ProcessTable {
 public:
  static constexpr int64_t kInitPid = 1;
  static constexpr uint32_t kSigKill = 9;
  static constexpr uint32_t kSigStop = 19;
  static constexpr uint32_t kSignalCount = 64;  // signals are 1..63
  static constexpr size_t kCmdlineMax = 1536;     // ProcessManager.cmdline's bound

  ProcessTable() = default;
  ProcessTable(const ProcessTable&) = delete;
  ProcessTable& operator=(const ProcessTable&) = delete;
  ~ProcessTable();

  // Makes init's record; NoMemory if it cannot. Call once, before the rest.
  Status start();

  // A new running process with the next pid, ignoring the signals its
  // parent ignores (and catching none), and holding those the parent holds
  // or catches (its mask may block them: its libc says which it really
  // holds as it starts). NoMemory when the table cannot
  // grow, NotFound if the parent is not running.
  Result<ProcessRecord*> add(int64_t ppid, std::string_view name);
  ProcessRecord* find(int64_t pid);
  // Keeps a copy of the argv pid was started with (NUL-separated), of at
  // most kCmdlineMax bytes: the whole strings that fit (the start of the
  // first if none does); NoMemory if it cannot, NotFound for an unknown pid.
  Status set_argv(int64_t pid, const char* argv, size_t size);
  // Forgets a record outright (a spawn that failed); never init.
  void remove(int64_t pid);
  // Records that pid ended with status: its children go to init, ended
  // adopted ones are dropped. A process a kill request ended (the kernel's
  // kExitKilled) keeps abi::kExitSignal | the signal asked for, unless
  // that was SIGKILL (9), which kExitKilled already says. Returns false (and changes nothing) for an
  // unknown pid, init, or a record that has ended already.
  bool end(int64_t pid, int64_t status);
  // The status of parent's ended child pid, which is forgotten. NotFound if
  // pid is not parent's child, ShouldWait if it still runs.
  Result<int64_t> reap(int64_t parent, int64_t pid);
  // May `caller` signal `target`? Nobody signals init. A process init
  // started (a system service: the shell on the console, ...) takes
  // signals only from init and itself; any other process from anyone.
  bool may_signal(int64_t caller, int64_t target);
  // What signal does to a running process: Deliver to a handler, Ignore
  // (SIG_IGN, or a signal whose default is to be ignored), Hold (blocked,
  // with the default action), or End it.
  static SignalAction action_for(const ProcessRecord& target, uint32_t signal);
  // Records which signals pid catches, ignores and holds; SIGKILL and
  // SIGSTOP are dropped from all, a caught or ignored signal or one ignored
  // by default is never held. NotFound for an unknown pid.
  Status set_signals(int64_t pid, uint64_t caught, uint64_t ignored, uint64_t held);
  // The children of parent not yet reaped (running or ended).
  size_t children_of(int64_t parent) const;

  // Records in pid order.
  size_t size() const { return count_; }
  const ProcessRecord& at(size_t index) const { return records_[index]; }
  ProcessRecord& at(size_t index) { return records_[index]; }

 private:
  size_t index_of(int64_t pid) const;  // count_ if absent
  void erase(size_t index);
  // Room for one more record.
  Status reserve();

  ProcessRecord* records_ = nullptr;
  size_t count_ = 0;
  size_t capacity_ = 0;
  int64_t next_pid_ = kInitPid + 1;
};

}  // namespace procmgr
