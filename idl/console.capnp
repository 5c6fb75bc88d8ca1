@0xde856972fe9acd90;
# The console's foreground job: every open of /dev/consctl (served by
# drivers/uart) is a channel speaking ConsoleControl. A process that waits
# at the console for its children (libc's waitpid, docs/posix.md) hands
# them to the console as its foreground; Ctrl-C typed at the console kills
# every process of the foreground (and discards the line being typed), and
# clearForeground tells the waiter that Ctrl-C ended them.
# There is one foreground job for the console. It goes when it is cleared,
# when Ctrl-C kills it, or when the channel that added to it closes.
using Tessera = import "tessera.capnp";
$Tessera.namespace("idl::console");

interface ConsoleControl {
  # Adds process to the foreground job, which another channel's job
  # replaces. process needs the manage right (procmgr gives it to the
  # parent): else AccessDenied. Busy beyond 32 processes.
  addForeground @0 (process :UInt32 $Tessera.handle) -> ();
  # Forgets this channel's foreground job. interrupted: Ctrl-C killed it.
  clearForeground @1 () -> (interrupted :Bool);
}
