@0xde856972fe9acd90;
# The console's foreground job: every open of /dev/consctl (served by
# drivers/uart) is a channel speaking ConsoleControl. libc hands the
# console the children a process puts in the terminal's foreground
# (tcsetpgrp, docs/posix.md); Ctrl-C typed at the console kills every
# process of the foreground job (and discards the line being typed), and
# libc learns from `interrupted` that Ctrl-C ended them.
# There is one foreground job for the console. It goes when it is cleared,
# when Ctrl-C kills it, or when the channel that added to it closes.
# A job reaches the processes its members spawn, as a process group does:
# shareJob gives a *member* channel, which libc passes to each child in the
# job (posix_spawn's inheritance), and through which that child adds the
# children it keeps in its group (a child shell's commands).
using Tessera = import "tessera.capnp";
$Tessera.namespace("idl::console");

interface ConsoleControl {
  # Adds process to the foreground job, which another channel's job
  # replaces. process is a process handle with the manage right (procmgr
  # gives it to the parent), which Ctrl-C kills, or a signaller channel
  # (ProcessManager.signaller), into which Ctrl-C sends SIGINT; else
  # AccessDenied. Busy beyond 32 processes.
  addForeground @0 (process :UInt32 $Tessera.handle) -> ();
  # Forgets this channel's foreground job. interrupted: Ctrl-C killed it.
  clearForeground @1 () -> (interrupted :Bool);
  # Whether Ctrl-C killed this channel's job, which stays as it is.
  interrupted @2 () -> (interrupted :Bool);
  # A member channel of this channel's job (on a member: of its job; on a
  # channel without a job, one it starts). A member's addForeground adds to
  # that job while the job lasts (NotFound after), and a process added
  # after Ctrl-C ended the job gets its SIGINT at once; clearForeground and
  # interrupted of a member leave the job alone and say false.
  shareJob @3 () -> (member :UInt32 $Tessera.handle);
}
