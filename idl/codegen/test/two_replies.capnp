# Must be rejected: a one-way method answers one parked call.
@0xb28e265abfa86a9e;

using Tessera = import "/tessera.capnp";

interface Forwarder {
  forward @0 (first :UInt32 $Tessera.replyTo(0), second :UInt32 $Tessera.replyTo(0)) -> ();
}
