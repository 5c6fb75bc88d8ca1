# Must be rejected: unions have no fixed layout in the wire format.
@0xa6ab59875acabbf5;

using Tessera = import "/tessera.capnp";

struct Either {
  union {
    number @0 :UInt32;
    flag @1 :Bool;
  }
}

interface Chooser {
  choose @0 (either :Either) -> ();
}
