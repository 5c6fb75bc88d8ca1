@0xc4f0a1d2b3e49581;
# The benchmark service: the null call through generated stubs
# (ipc_stub_null_roundtrip in docs/benchmarks.md).
using Tessera = import "tessera.capnp";
$Tessera.namespace("idl::bench");

interface Bench {
  null @0 () -> ();
}
