// Foreground: the job Ctrl-C at the console ends. A process gives the
// console its foreground children through /dev/consctl (console_control.h),
// each as a process handle with the manage right, which Ctrl-C kills
// (process_kill), or as a procmgr signaller channel, into which Ctrl-C
// sends SIGINT (procmgr runs the process's handler or ends it, docs/posix.md).
// The driver remembers that Ctrl-C came, for the owner to ask.
//
// The job belongs to the channel (its owner) that added it; it is dropped
// when cleared, killed, replaced by another owner's, or when its owner's
// channel closes: a waiter that dies leaves nothing behind in the driver.
// Each job has a number; members (processes of the job, through their own
// channels) add to the job of that number while it lasts, as children
// join their parent's process group.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ipc/ipc.h"
#include "result.h"

namespace uart {

class Foreground {
 public:
  static constexpr size_t kMaxProcesses = 32;

  // AccessDenied unless process is a process handle with the manage right
  // or a channel (a signaller); Busy when the job is full. The handle is
  // consumed either way.
  Status add(ipc::Handle process, uint64_t owner);
  // The number of owner's job, which starts if owner has none.
  uint64_t share(uint64_t owner);
  // add for a member of job: NotFound once that job is over; a process
  // added to a job Ctrl-C ended gets SIGINT (or is killed) at once.
  Status add_to_job(ipc::Handle process, uint64_t job);
  // Forgets owner's job; returns whether Ctrl-C ended it.
  bool clear(uint64_t owner);
  // Whether Ctrl-C ended owner's job.
  bool interrupted(uint64_t owner) const { return owner == owner_ && interrupted_; }
  // The channel owner closed: its job goes.
  void owner_closed(uint64_t owner) { (void)clear(owner); }
  // Ctrl-C: kills or signals the job's processes (again at a second
  // Ctrl-C, until the owner clears it); false if there is none.
  bool interrupt();

 private:
  void start_job(uint64_t owner);
  void drop();
  static bool usable(ipc::Handle process, bool& signaller);
  static void interrupt(ipc::Handle process, bool signaller);

  ipc::Handle processes_[kMaxProcesses];  // process handles or signallers
  bool signallers_[kMaxProcesses] = {};
  size_t count_ = 0;
  uint64_t owner_ = 0;  // 0: no job
  uint64_t job_ = 0;    // the current job's number, new with each job
  bool interrupted_ = false;
};

}  // namespace uart
