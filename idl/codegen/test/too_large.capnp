# Must be rejected: a request within its bounds could not fit in one message.
@0xc5c1dc140ca2e088;

using Tessera = import "/tessera.capnp";

interface Big {
  put @0 (blob :Data $Tessera.maxLength(8192)) -> ();
}
