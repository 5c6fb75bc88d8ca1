# Annotations of Tessera's IDL. Every service schema imports this file:
#
#   using Tessera = import "tessera.capnp";     # from a schema in idl/
#   using Tessera = import "/tessera.capnp";    # from elsewhere, with -I idl
#
# idl/codegen (the capnp plugin that emits freestanding C++) reads these
# annotations by their ids, so the ids below are part of the ABI of the
# generator: never change them. See docs/idl.md.
@0xa109148c103144ce;

# The bound of a Text or Data field (in bytes) or of a List field (in
# elements). Every Text, Data and List needs one: the generated server rejects
# a longer one (Error::TooLarge) before the handler runs.
annotation maxLength @0xf568c252a95c415d (field, param) :UInt32;

# A UInt32 field that carries a kernel handle. The handle moves with the
# message in ipc::Message::handles; the field on the wire holds its index.
annotation handle @0xf0a172c3961af46a (field, param) :Void;

# A Data field whose bytes stay in a buffer that client and server already
# share (a MemBuffer): only an (offset, length) pair travels in the message,
# checked against the buffer size given to the client stub and the dispatcher.
annotation bulk @0xe1bee6ab9282049f (field, param) :Void;

# The C++ namespace of the generated header, e.g. "idl::fs". Default:
# idl::<file name without .capnp>.
annotation namespace @0xe678e57934e6d64f (file) :Text;

# A UInt32 field of a method's params that carries a parked call's Reply
# handle (docs/ipc.md "Deferred replies"), for a call of the method with
# this ordinal. It makes the method one-way: the client sends it and gets
# no reply on its channel; the server answers on the Reply instead, with
# the method's results, as the reply to that ordinal (an error, if the
# request was malformed or the handler failed). One per method at most.
annotation replyTo @0xc0b5e9ef5b2d6a31 (field, param) :UInt16;
