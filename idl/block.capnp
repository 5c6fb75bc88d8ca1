@0xc4f1a9e27b35d086;
# The block-device protocol: a block driver (drivers/virtio-blk) serves
# BlockDevice on every channel devfs hands out for /dev/blkN; a file system
# server (servers/fatfs) is its client.
#
# Bulk data never travels in messages: the client shares one buffer with
# setBuffer, and each read or write names a byte offset in it. A client
# that holds buffers of its own clients (a file system, their File
# buffers) shares those too, with addBuffer, and names one in readBuffer
# and writeBuffer: the blocks then move between the device and that memory,
# and the client copies nothing. A client may
# have many requests outstanding at once (one per thread, or deferred on the
# server side): the driver answers each when the device completes it, in
# whatever order the device completes them.
#
# Errors are abi::Error values: OutOfRange (a block range past the end of
# the disk, or a buffer range past the end of the shared buffer),
# ReadOnly (a write to a read-only disk), AccessDenied (a write on an
# open without write access), InvalidArgument (count 0, more than
# maxBlocks, or no buffer yet), IoError (the device reported a failure),
# Busy (setBuffer while requests are outstanding; too many requests
# waiting; removeBuffer while requests use it), NoSpace (addBuffer past
# the server's limit of buffers a client: the client copies through its setBuffer buffer instead),
# NotFound (a buffer id not shared), NoMemory.
using Tessera = import "tessera.capnp";
$Tessera.namespace("idl::block");

struct Info {
  blockSize @0 :UInt32;   # bytes per block (512 unless the device says otherwise)
  blockCount @1 :UInt64;  # blocks on the device
  readOnly @2 :Bool;
  maxBlocks @3 :UInt32;   # the most blocks one read or write may move
}

interface BlockDevice {
  info @0 () -> (info :Info);
  # Shares a buffer (a membuf handle) that reads fill and writes take from.
  setBuffer @1 (buffer :UInt32 $Tessera.handle, size :UInt32) -> ();
  # Moves `count` blocks starting at block `lba` to or from the shared
  # buffer at byte `offset`. The reply comes when the device has finished.
  read @2 (lba :UInt64, count :UInt32, offset :UInt32) -> ();
  write @3 (lba :UInt64, count :UInt32, offset :UInt32) -> ();
  # Returns when every write answered before it is on stable storage.
  flush @4 () -> ();
  # Shares one more buffer; its id (never 0, which names setBuffer's) is
  # for readBuffer and writeBuffer. A membuf shared read-only serves only
  # writes (AccessDenied for a read into it).
  addBuffer @5 (buffer :UInt32 $Tessera.handle, size :UInt32) -> (id :UInt32);
  removeBuffer @6 (id :UInt32) -> ();
  # read and write with the buffer named by id.
  readBuffer @7 (lba :UInt64, count :UInt32, buffer :UInt32, offset :UInt32) -> ();
  writeBuffer @8 (lba :UInt64, count :UInt32, buffer :UInt32, offset :UInt32) -> ();
  # The device's queue, over all clients: the requests at the device now,
  # the most it has held at once since the last queueStats, and how many
  # it can hold (0 for a device that answers each request at once). So a
  # client can check that its requests overlap (blktest bench, parallel).
  queueStats @9 () -> (inFlight :UInt32, mostInFlight :UInt32, slots :UInt32);
}
