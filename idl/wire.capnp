@0x9c676b670086dc18;
# No interfaces: compiled for the IDL wire runtime alone (wire.idl.h), which
# code that works on messages of any interface includes (libserver's loop
# and deferred replies).
using Tessera = import "tessera.capnp";
$Tessera.namespace("idl::wire_only");
