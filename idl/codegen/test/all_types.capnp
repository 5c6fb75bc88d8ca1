# Every type the IDL supports, for tests/host/idl_test.cc.
@0x883f24eec72327c4;

using Tessera = import "/tessera.capnp";
$Tessera.namespace("idl::test");

enum Color {
  red @0;
  green @1;
  blue @2;
}

# Plain: fixed layout, may be a List element.
struct Point {
  x @0 :Int32;
  y @1 :Int32;
}

# Plain, with padding, a bool, an enum and a nested struct.
struct Sample {
  flag @0 :Bool;
  color @1 :Color;
  value @2 :Float64;
  where @3 :Point;
}

# Not plain: holds a descriptor and a handle, so only inline, never in a List.
struct Labeled {
  name @0 :Text $Tessera.maxLength(16);
  at @1 :Point;
  file @2 :UInt32 $Tessera.handle;
}

interface Everything {
  # The null call: an 8-byte request and an 8-byte reply.
  nothing @0 ();

  scalars @1 (i8 :Int8, i16 :Int16, i32 :Int32, i64 :Int64,
              u8 :UInt8, u16 :UInt16, u32 :UInt32, u64 :UInt64,
              b :Bool, f32 :Float32, f64 :Float64, color :Color)
          -> (i8 :Int8, i16 :Int16, i32 :Int32, i64 :Int64,
              u8 :UInt8, u16 :UInt16, u32 :UInt32, u64 :UInt64,
              b :Bool, f32 :Float32, f64 :Float64, color :Color);

  structs @2 (point :Point, sample :Sample) -> (sample :Sample, point :Point);

  strings @3 (name :Text $Tessera.maxLength(32), blob :Data $Tessera.maxLength(64))
          -> (name :Text $Tessera.maxLength(32), blob :Data $Tessera.maxLength(64), total :UInt32);

  lists @4 (numbers :List(UInt64) $Tessera.maxLength(8),
            points :List(Point) $Tessera.maxLength(4),
            samples :List(Sample) $Tessera.maxLength(4),
            flags :List(Bool) $Tessera.maxLength(8),
            colors :List(Color) $Tessera.maxLength(4))
        -> (numbers :List(UInt64) $Tessera.maxLength(8),
            points :List(Point) $Tessera.maxLength(4),
            samples :List(Sample) $Tessera.maxLength(4),
            flags :List(Bool) $Tessera.maxLength(8),
            colors :List(Color) $Tessera.maxLength(4));

  # Two handles in, one out; the handler swaps-in a new one.
  handles @5 (first :UInt32 $Tessera.handle, second :UInt32 $Tessera.handle) -> (made :UInt32 $Tessera.handle);

  labeled @6 (item :Labeled) -> (item :Labeled);

  bulk @7 (source :Data $Tessera.bulk, limited :Data $Tessera.bulk $Tessera.maxLength(128))
       -> (written :Data $Tessera.bulk);

  # Fails with the abi::Error given in `code`.
  fail @8 (code :Int32) -> (never :UInt32);

  # A named struct as the params.
  move @9 Point -> Point;

  # One-way: sent with a parked call's Reply, and answered on it as the
  # reply to a call of `move` (@9), whose results have this layout.
  handOff @10 (name :Text $Tessera.maxLength(16), extra :UInt32 $Tessera.handle, reply :UInt32 $Tessera.replyTo(9))
      -> (x :Int32, y :Int32);
}

interface Other {
  ping @0 ();
}
