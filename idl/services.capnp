@0x93eea64f8a6b1c40;
# init's supervisor, for the `service` utility (docs/posix.md, "Services").
# init serves one channel; libc passes a duplicate of its end to each child
# of a process that holds one (posix_spawn's inheritance), the way the
# console job travels: init gives it to the console's program, so the shell
# and what it starts may manage services, and nothing init did not give it
# to can. Services are named as in image/boot.conf (and blk0, ... for the
# drivers of `virtio` lines).
using Tessera = import "tessera.capnp";
$Tessera.namespace("idl::services");

enum ServiceState {
  running @0;   # its process runs
  stopped @1;   # ended by `stop`: not restarted until `start`
  ended @2;     # ended by itself or killed, and its policy is `never`
  broken @3;    # failed too often in a row (or its device refused it): not restarted
  absent @4;    # never started: the device it is for is not on this machine
}

struct ServiceInfo {
  name @0 :Text $Tessera.maxLength(31);
  state @1 :ServiceState;
  restarts @2 :UInt32;  # how many times init started it again
}

interface ServiceManager {
  # The service at index in boot.conf's order; end once index is past the
  # last (info is empty then).
  list @0 (index :UInt32) -> (info :ServiceInfo, end :Bool);
  # Ends the service as a crash would: its restart policy applies (init
  # logs "service ended: NAME" and, for `always`, "restarted NAME" once the
  # new process serves). BadState if it does not run; NotFound: no such name;
  # AccessDenied for an `essential` service (vfs, procmgr), which kill,
  # stop and restart never end: the system cannot go on without it.
  kill @1 (name :Text $Tessera.maxLength(31)) -> ();
  # Ends it and leaves it ended (stopped) until start; answers once it has
  # ended. BadState if it does not run; AccessDenied if essential.
  stop @2 (name :Text $Tessera.maxLength(31)) -> ();
  # Starts a service that does not run (stopped, ended or broken) and
  # re-wires what held its channels; answers once it serves. BadState if it
  # runs, NotFound for an absent one (no device).
  start @3 (name :Text $Tessera.maxLength(31)) -> ();
  # Ends it if it runs, then starts it, whatever its policy; answers once
  # the new process serves. AccessDenied if essential.
  restart @4 (name :Text $Tessera.maxLength(31)) -> ();
}
