// Process groups and the console's foreground, on /dev/consctl
// (idl/console.capnp): Tessera's console knows processes, not groups, so
// libc keeps its children's groups (children.h) and hands the console the
// processes of the group tcsetpgrp names (addForeground, each as a procmgr
// signaller, through which Ctrl-C sends SIGINT, or, without procmgr, a
// process handle carrying the manage right, which Ctrl-C kills), and takes
// them back when the caller's own group is named again (clearForeground).
// waitpid reports a process Ctrl-C ended as ended by SIGINT (process.cc).
//
// A job reaches further than the children of who made it, as a process
// group does: each child in the job gets a member channel of it
// (ConsoleControl.shareJob) with its inheritance, and a process holding
// one adds the children it keeps in its own group to the job, so Ctrl-C
// also ends what a child shell started.
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "abi/rights.h"
#include "children.h"
#include "console.idl.h"
#include "foreground.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/transport.h"
#include "process_state.h"
#include "procmgr.idl.h"
#include "tessera/errno_map.h"
#include "vfs.idl.h"

using tessera::posix::fail;

namespace {

using Console = idl::console::ConsoleControlClient<ipc::ChannelTransport>;

ipc::Handle console_control = ipc::kInvalidHandle;  // opened at the first tcsetpgrp
pid_t foreground = 0;                              // the group given to the console; 0: ours
ipc::Handle job_member = ipc::kInvalidHandle;      // the job we are in (inherited); 0: none

int open_console_control() {
  if (console_control) return 0;
  if (!tessera::posix::vfs_session()) return ENOSYS;
  ipc::ChannelTransport transport(tessera::posix::vfs_session());
  idl::fs::Stat stat{};
  Status s = idl::vfs::VfsClient<ipc::ChannelTransport>(transport).open("/dev/consctl", ipc::open_flags::kReadWrite,
                                                                         0, console_control, stat);
  return s ? 0 : tessera::errno_from_error(s.error());
}

// How the console will signal child pid: a procmgr signaller (SIGINT runs
// its handler), or a process handle it may kill.
Result<ipc::Handle> console_handle_for(pid_t pid, ipc::Handle process) {
  if (ipc::Handle session = tessera::posix::procmgr_session()) {
    ipc::ChannelTransport transport(session);
    ipc::Handle signaller = 0;
    if (idl::procmgr::ProcessManagerClient<ipc::ChannelTransport>(transport).signaller(pid, signaller)) {
      return signaller;
    }
  }
  return ipc::duplicate(process, abi::rights::kBasic | abi::rights::kManage);
}

// Adds child pid to the job of channel (ours or the one we are in). 0 or an errno.
int hand_over(ipc::Handle channel, pid_t pid, ipc::Handle process) {
  auto handle = console_handle_for(pid, process);
  if (!handle) return tessera::errno_from_error(handle.error());
  ipc::ChannelTransport transport(channel);
  Status s = Console(transport).add_foreground(*handle);
  return s ? 0 : tessera::errno_from_error(s.error());
}

struct HandOver {
  int error = 0;
};

void hand_over_into(pid_t pid, ipc::Handle process, void* context) {
  auto* state = static_cast<HandOver*>(context);
  if (int e = hand_over(console_control, pid, process); e && !state->error) state->error = e;
}

// Takes the foreground back from the console.
void clear_foreground() {
  if (!foreground) return;
  ipc::ChannelTransport transport(console_control);
  bool interrupted = false;
  if (Console(transport).clear_foreground(interrupted) && interrupted) tessera::posix::interrupt_group(foreground);
  foreground = 0;
}

// The channel of the console job a child in group is in; 0: none.
ipc::Handle job_of(pid_t group) {
  if (foreground && group == foreground) return console_control;
  if (job_member && group == getpgrp()) return job_member;
  return ipc::kInvalidHandle;
}

}  // namespace

namespace tessera::posix {

pid_t foreground_group() { return foreground; }

void joined_group(pid_t group, pid_t pid, ipc::Handle process) {
  if (ipc::Handle job = job_of(group)) (void)hand_over(job, pid, process);
}

void join_console_job(ipc::Handle member) {
  if (job_member) (void)ipc::close(job_member);
  job_member = member;
}

ipc::Handle console_job_for(pid_t pid) {
  ipc::Handle job = job_of(group_of_child(pid));
  if (!job) return ipc::kInvalidHandle;
  ipc::ChannelTransport transport(job);
  ipc::Handle member = ipc::kInvalidHandle;
  return Console(transport).share_job(member) ? member : ipc::kInvalidHandle;
}

int give_foreground(pid_t group) {
  if (group <= 0) return EINVAL;
  if (group == foreground) return 0;
  if (int e = open_console_control()) return e;
  clear_foreground();
  if (group == getpgrp()) return 0;
  foreground = group;
  HandOver state;
  if (for_each_in_group(group, hand_over_into, &state) == 0) state.error = EPERM;
  if (state.error) clear_foreground();
  return state.error;
}

bool foreground_interrupted() {
  if (!foreground) return false;
  ipc::ChannelTransport transport(console_control);
  bool interrupted = false;
  return Console(transport).interrupted(interrupted) && interrupted;
}

}  // namespace tessera::posix

extern "C" {

pid_t getpgrp(void) { return getpid(); }

int setpgid(pid_t pid, pid_t group) {
  if (group < 0) return fail(EINVAL);
  pid_t self = getpid();
  if (pid == 0 || pid == self) return group == 0 || group == self ? 0 : fail(EPERM);
  if (int e = tessera::posix::set_child_group(pid, group)) return fail(e);
  return 0;
}

pid_t tcgetpgrp(int fd) {
  if (!isatty(fd)) return -1;
  return foreground ? foreground : getpgrp();
}

int tcsetpgrp(int fd, pid_t group) {
  if (!isatty(fd)) return -1;
  if (int e = tessera::posix::give_foreground(group)) return fail(e);
  return 0;
}

}  // extern "C"
