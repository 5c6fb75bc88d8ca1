@0x9964e0609549846e;
# Pipes (servers/pipe, docs/posix.md "Pipes"). Opening /dev/pipe gives a
# channel that speaks PipeMaker; each create() makes one pipe and returns
# its two ends, each a File channel (idl/fs.capnp) served by the pipe
# server: read on the first, write on the second, clone for another
# reference to the same end (an inherited fd). Offsets are ignored.
#
# flags: O_NONBLOCK (ipc/open_flags.h) makes both ends non-blocking, as
# pipe2(O_NONBLOCK): a read of an empty pipe or a write that does not fit
# fails with ShouldWait (EAGAIN).
using Tessera = import "tessera.capnp";
$Tessera.namespace("idl::pipe");

interface PipeMaker {
  create @0 (flags :UInt32) -> (reader :UInt32 $Tessera.handle, writer :UInt32 $Tessera.handle);
}
