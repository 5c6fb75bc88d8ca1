@0xfbb9d04f9aeae3b3;
# The process manager. Every process gets its own session (a channel whose
# badge is its pid), so getpid and spawn know who asks. A parent waits for
# a child on the kernel process handle spawn returns (process_wait, or a
# port bound to it for "any child"); procmgr keeps the table for ps and
# re-parents orphans to init.
using Tessera = import "tessera.capnp";
$Tessera.namespace("idl::procmgr");

enum State {
  running @0;
  exited @1;
  killed @2;
}

struct ProcessInfo {
  pid @0 :Int64;
  ppid @1 :Int64;
  name @2 :Text $Tessera.maxLength(31);
  state @3 :State;
  status @4 :Int64;     # exit status once exited (abi::kExitFault | cause after a fault, abi::kExitSignal | signal)
  memory @5 :UInt64;    # resident bytes
  threads @6 :UInt32;
}

interface ProcessManager {
  # Loads the static ELF at path (through `vfs`, the session the child will
  # have: its view of the tree) and starts it with argv and envp
  # (NUL-separated strings). With privateMounts the child gets a private
  # copy of that mountspace. `startup` is a channel end the parent wrote
  # what the child inherits into (libc's descriptors and working directory,
  # docs/posix.md); the child gets it as its third startup handle, named by
  # auxv kAuxInheritance. Returns its pid and a process handle (wait, read
  # and manage rights: a parent may kill its child or hand that on, as to
  # the console for Ctrl-C) for the parent.
  spawn @0 (path :Text $Tessera.maxLength(1023), argv :Data $Tessera.maxLength(1536),
            envp :Data $Tessera.maxLength(1024), vfs :UInt32 $Tessera.handle, privateMounts :Bool,
            startup :UInt32 $Tessera.handle)
      -> (pid :Int64, process :UInt32 $Tessera.handle);
  # Sends signal to pid's process (docs/posix.md, "Signals"): a signal it
  # catches or holds goes as a message to its signal channel
  # (setSignalChannel), one it ignores is dropped, any other ends it, which then reports
  # abi::kExitSignal | signal, or the kernel's abi::kExitKilled (137) for
  # SIGKILL (9). Signal 0 only checks that pid exists and may be signalled.
  # AccessDenied for init, and for a process init started (a service) unless
  # init or the process itself asks; NotFound for no such process.
  kill @1 (pid :Int64, signal :UInt32) -> ();
  # The status of a child that has ended (and forget it), NotFound if no
  # such child, ShouldWait if it still runs.
  reap @2 (pid :Int64) -> (status :Int64);
  getpid @3 () -> (pid :Int64, ppid :Int64);
  list @4 (index :UInt32) -> (info :ProcessInfo, end :Bool);
  # The argv a process was started with (NUL-separated, each string with
  # its NUL, as /proc/<pid>/cmdline); NotFound for an unknown pid.
  cmdline @5 (pid :Int64) -> (argv :Data $Tessera.maxLength(1536));
  # A session sharing the mountspace the process was started in, without
  # the change right (for /proc/<pid>/mounts). Only on the observer channel
  # procmgr serves procfs (its startup handle 1); AccessDenied elsewhere,
  # since a session opens files; NotFound once the process has ended.
  mountView @6 (pid :Int64) -> (vfs :UInt32 $Tessera.handle);
  # The channel end procmgr sends the caller's caught signals into, as
  # messages (words[0] the signal, words[1] the sender's pid). Replaces one
  # given before.
  setSignalChannel @7 (channel :UInt32 $Tessera.handle) -> ();
  # Which signals the caller catches, which it ignores, and which it holds
  # (blocks while their action is the default: kill sends them as messages
  # to the signal channel, or keeps them until there is one, rather than
  # ending it) (bit n: signal n). SIGKILL and SIGSTOP are never caught,
  # ignored nor held.
  setSignals @8 (caught :UInt64, ignored :UInt64, held :UInt64) -> ();
  # A channel end through which its holder may signal pid, by message
  # (words[0] the signal), as the caller could: the caller hands it on (to
  # the console, which sends SIGINT through it on Ctrl-C). AccessDenied if
  # the caller may not signal pid; Busy past 8 for one process. It goes
  # when pid ends.
  signaller @9 (pid :Int64) -> (channel :UInt32 $Tessera.handle);
  # spawn for an argv and envp too large for one message (libc's up to
  # ARG_MAX, ipc/spawn_arguments.h): `arguments` is a membuf holding argv's
  # block (argvSize bytes) then envp's (envpSize bytes). procmgr copies
  # them out before it checks them: InvalidArgument for sizes past the
  # membuf's end or a block that does not end with a NUL, TooLarge past
  # ARG_MAX.
  spawnLarge @10 (path :Text $Tessera.maxLength(1023), arguments :UInt32 $Tessera.handle, argvSize :UInt32,
                  envpSize :UInt32, vfs :UInt32 $Tessera.handle, privateMounts :Bool,
                  startup :UInt32 $Tessera.handle)
      -> (pid :Int64, process :UInt32 $Tessera.handle);
}
