# Must be rejected: a Text without $Tessera.maxLength has no bound to check.
@0xde9ac35578a55aaf;

using Tessera = import "/tessera.capnp";

interface Unbounded {
  open @0 (path :Text) -> ();
}
