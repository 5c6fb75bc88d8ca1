// Processes: waitpid and wait on the children spawn started, kill, getpid
// and getppid, through procmgr. A child's process handle lets a waiter
// block in the kernel (process_wait, or the children's port for any
// child); procmgr.reap then gives its status and forgets it.
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "children.h"
#include "foreground.h"
#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ipc/transport.h"
#include "procmgr.idl.h"
#include "process_state.h"
#include "signal_delivery.h"
#include "tessera/errno_map.h"
#include "wait_status.h"

using tessera::posix::fail;

namespace {

using Procmgr = idl::procmgr::ProcessManagerClient<ipc::ChannelTransport>;

struct Child {
  pid_t pid;
  pid_t group;
  ipc::Handle process;
  bool interrupted;  // Ctrl-C at the console ended its group
};

Child* children = nullptr;
size_t child_count = 0;
size_t child_capacity = 0;
ipc::Handle children_port = 0;  // every child's process handle, badge = pid

Child* find_child(pid_t pid) {
  for (size_t i = 0; i < child_count; ++i) {
    if (children[i].pid == pid) return &children[i];
  }
  return nullptr;
}

// Collects the ended child's status from procmgr and forgets it.
pid_t reap(Child& child, int* status) {
  ipc::ChannelTransport transport(tessera::posix::procmgr_session());
  int64_t ended = 0;
  Status s = Procmgr(transport).reap(child.pid, ended);
  if (!s) return fail(tessera::errno_from_error(s.error()));
  pid_t pid = child.pid;
  // The console kills a foreground job when Ctrl-C is typed: POSIX's SIGINT.
  bool interrupted = ended == abi::kExitKilled &&
                     (child.interrupted || (child.group == tessera::posix::foreground_group() &&
                                            tessera::posix::foreground_interrupted()));
  (void)ipc::close(child.process);  // unbinds it from the port too
  child = children[--child_count];
  if (status) *status = interrupted ? SIGINT : tessera::posix::wait_status_of(ended);
  return pid;
}

pid_t wait_for(Child& child, int* status, bool hang) {
  int64_t r;
  do {
    r = ipc::wait(child.process, hang ? ipc::kForever : 0);
  } while (r == static_cast<int64_t>(Error::Interrupted) && tessera::posix::restart_after_interrupt());
  if (r < 0) {
    if (static_cast<Error>(r) == Error::TimedOut) return 0;
    return fail(tessera::errno_from_error(static_cast<Error>(r)));
  }
  return reap(child, status);
}

// Any child: the first whose end the port reports that is still ours (a
// child reaped by pid leaves its event behind).
pid_t wait_any(int* status, bool hang) {
  for (;;) {
    ipc::Event e = ipc::port_wait(children_port, hang ? ipc::kForever : 0);
    if (!e.ok()) {
      if (e.error() == Error::TimedOut) return 0;
      if (e.error() == Error::Interrupted && tessera::posix::restart_after_interrupt()) continue;
      return fail(tessera::errno_from_error(e.error()));
    }
    if (e.kind() != abi::EventKind::ProcessExit) continue;
    if (Child* child = find_child(static_cast<pid_t>(e.badge))) return reap(*child, status);
  }
}

}  // namespace

namespace tessera::posix {

int add_child(pid_t pid, ipc::Handle process, pid_t group) {
  if (!children_port) {
    auto port = ipc::port_create();
    if (!port) return errno_from_error(port.error());
    children_port = *port;
  }
  if (child_count == child_capacity) {
    size_t capacity = child_capacity ? child_capacity * 2 : 8;
    auto* grown = static_cast<Child*>(realloc(children, capacity * sizeof(Child)));
    if (!grown) return ENOMEM;
    children = grown;
    child_capacity = capacity;
  }
  if (Status s = ipc::port_bind(children_port, process, static_cast<uint64_t>(pid)); !s) {
    return errno_from_error(s.error());
  }
  if (group == 0) group = pid;
  if (group < 0) group = getpgrp();
  children[child_count++] = {pid, group, process, false};
  joined_group(group, pid, process);
  return 0;
}

pid_t group_of_child(pid_t pid) {
  Child* child = find_child(pid);
  return child ? child->group : -1;
}

int set_child_group(pid_t pid, pid_t group) {
  Child* child = find_child(pid);
  if (!child) return ESRCH;
  child->group = group ? group : pid;
  joined_group(child->group, pid, child->process);
  return 0;
}

size_t for_each_in_group(pid_t group, void (*visit)(pid_t pid, ipc::Handle process, void* context), void* context) {
  size_t count = 0;
  for (size_t i = 0; i < child_count; ++i) {
    if (children[i].group != group) continue;
    visit(children[i].pid, children[i].process, context);
    ++count;
  }
  return count;
}

void interrupt_group(pid_t group) {
  for (size_t i = 0; i < child_count; ++i) {
    if (children[i].group == group) children[i].interrupted = true;
  }
}

}  // namespace tessera::posix

extern "C" {

pid_t waitpid(pid_t pid, int* status, int options) {
  // Nothing here stops a process, so WUNTRACED never has a stop to report.
  if (options & ~(WNOHANG | WUNTRACED)) return fail(EINVAL);
  bool hang = !(options & WNOHANG);
  pid_t reaped;
  if (pid > 0) {
    Child* child = find_child(pid);
    reaped = child ? wait_for(*child, status, hang) : fail(ECHILD);
  } else {
    // No process groups: 0 and -pgid mean any child, as -1 does.
    reaped = child_count ? wait_any(status, hang) : fail(ECHILD);
  }
  // A signal the interrupt left to a critical section, or that came as the
  // wait returned, is handled before waitpid returns.
  int error = errno;
  tessera::posix::deliver_pending();
  errno = error;
  return reaped;
}

pid_t wait(int* status) { return waitpid(-1, status, 0); }

int kill(pid_t pid, int signal) {
  if (signal < 0 || signal >= NSIG) return fail(EINVAL);
  if (pid <= 0) return fail(EINVAL);  // no process groups
  if (!tessera::posix::procmgr_session()) return fail(ENOSYS);
  ipc::ChannelTransport transport(tessera::posix::procmgr_session());
  Status s = Procmgr(transport).kill(pid, static_cast<uint32_t>(signal));
  if (s.error() == Error::NotFound) return fail(ESRCH);
  if (s.error() == Error::AccessDenied) return fail(EPERM);
  if (!s) return fail(tessera::errno_from_error(s.error()));
  // procmgr has sent a signal we catch before answering: POSIX wants it
  // delivered before kill returns.
  if (pid == getpid()) tessera::posix::deliver_pending();
  return 0;
}

pid_t getpid(void) {
  // Services init starts without procmgr have no pid (docs/posix.md).
  if (!tessera::posix::procmgr_session()) return 0;
  static pid_t known = 0;  // it never changes
  if (known) return known;
  ipc::ChannelTransport transport(tessera::posix::procmgr_session());
  int64_t pid = 0, ppid = 0;
  if (!Procmgr(transport).getpid(pid, ppid)) return -1;
  known = static_cast<pid_t>(pid);
  return known;
}

pid_t getppid(void) {
  if (!tessera::posix::procmgr_session()) return 0;
  ipc::ChannelTransport transport(tessera::posix::procmgr_session());
  int64_t pid = 0, ppid = 0;
  if (!Procmgr(transport).getpid(pid, ppid)) return -1;
  return static_cast<pid_t>(ppid);
}

}  // extern "C"
