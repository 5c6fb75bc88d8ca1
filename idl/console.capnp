@0xde856972fe9acd90;
# The console's foreground job: every open of /dev/consctl (served by
# drivers/uart) is a channel speaking ConsoleControl. libc hands the
# console the children a process puts in the terminal's foreground
# (tcsetpgrp, docs/posix.md); Ctrl-C typed at the console kills every
# process of the foreground job (and discards the line being typed), and
# libc learns from `interrupted` that Ctrl-C ended them.
# There is one foreground job for the console. It goes when it is cleared,
# when Ctrl-C kills it, or when the channel that added to it closes.
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
}
