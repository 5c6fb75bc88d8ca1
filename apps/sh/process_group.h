// ProcessGroup: the processes of one job in a process group of their own,
// when the shell is interactive (POSIX job control, as little of it as
// Ctrl-C needs). A foreground job gets the terminal (tcsetpgrp) while the
// shell waits for it, so Ctrl-C at the terminal ends the job and not the
// shell; a background job keeps its own group, so Ctrl-C leaves it alone.
// On Tessera, libc hands the group to the console's foreground
// (/dev/consctl, docs/posix.md); on Unix the terminal signals the group.
//
// A foreground job's first process takes the terminal as it is spawned
// (posix_spawn_file_actions_addtcsetpgrp_np), before it runs. Where a
// Ctrl-C still reaches the shell meanwhile (Unix, before the child's
// tcsetpgrp), SIGINT is blocked from the first spawn until the job has the
// terminal, and the shell's handler then passes it on to the job
// (forward_interrupt), so no Ctrl-C is lost between the two. On Tessera
// Ctrl-C never reaches the shell: the console kills its foreground job.
#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/types.h>

namespace sh {

class ProcessGroup {
 public:
  // enabled: the shell is interactive; otherwise children stay in the
  // shell's group and nothing here does anything. foreground: the shell
  // waits for the job, which has the terminal meanwhile.
  ProcessGroup(bool enabled, bool foreground);
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;
  ~ProcessGroup();

  // The spawn attributes for the job's next process (null when disabled).
  const posix_spawnattr_t* attributes();
  // Adds what the job's next process does at its start to actions: the
  // first one of a foreground job takes the terminal. 0 or an errno.
  int add_actions(posix_spawn_file_actions_t* actions);
  // A process of the job started; the first one leads the group.
  void started(pid_t pid);
  // Gives the terminal (stdin) to the job, and back to the shell.
  void take_terminal();
  void return_terminal();

 private:
  void unblock_interrupts();

  bool enabled_;
  bool foreground_;
  bool ready_ = false;    // attributes_ initialised
  bool blocked_ = false;  // SIGINT blocked, the mask before in mask_
  bool terminal_ = false;  // the job has the terminal
  pid_t group_ = 0;
  sigset_t mask_;
  posix_spawnattr_t attributes_;
};

// What an interactive shell does with job-control signals: it never stops
// for the terminal (it takes it back from a job).
void ignore_terminal_stops();
// From the shell's SIGINT handler: Ctrl-C while a foreground job runs is
// the job's. Returns whether there was one.
bool forward_interrupt();

}  // namespace sh
