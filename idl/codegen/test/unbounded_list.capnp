# Must be rejected: a List without $Tessera.maxLength.
@0xec75a286f762dd60;

using Tessera = import "/tessera.capnp";

interface Unbounded {
  sum @0 (numbers :List(UInt32)) -> (total :UInt64);
}
