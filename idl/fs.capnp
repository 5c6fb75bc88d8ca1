@0xda8e3d7b7d25bbcd;
# The file-system protocol: every file-system server (ramfs, devfs, fatfs)
# serves FileSystem on the channel vfs mounts, and File on the channel it
# returns for each open. Paths given to a FileSystem are relative to its
# root and already normalised by vfs: no leading "/", no "." or ".."
# components, no empty components; "" is the root itself.
#
# Open flags (Linux values, libipc/include/ipc/open_flags.h): O_RDONLY 0,
# O_WRONLY 1, O_RDWR 2 (access mode = flags & 3), O_CREAT 0x40, O_EXCL 0x80,
# O_TRUNC 0x200, O_APPEND 0x400, O_DIRECTORY 0x10000.
#
# Errors are abi::Error values: NotFound, AlreadyExists, NotDirectory,
# IsDirectory (opening a directory for writing), NotEmpty, NameTooLong,
# InvalidArgument, NoMemory, AccessDenied, OutOfRange, NoSpace, IoError (the
# storage failed), ReadOnly (a read-only volume).
using Tessera = import "tessera.capnp";
$Tessera.namespace("idl::fs");

enum NodeKind {
  file @0;
  directory @1;
  device @2;
  fifo @3;       # a pipe end (servers/pipe)
}

struct Stat {
  kind @0 :NodeKind;
  size @1 :UInt64;
  inode @2 :UInt64;
  mode @3 :UInt32;
  links @4 :UInt32;
  # Nanoseconds since 1970-01-01 UTC; 0 where the file system keeps none.
  atime @5 :Int64;
  mtime @6 :Int64;
  # Changes whenever the file's bytes change and never comes back while the
  # file system runs (procmgr's image cache trusts it); 0 where the file
  # system keeps none.
  generation @7 :UInt64;
}


# What df shows of a file system.
struct FsInfo {
  type @0 :Text $Tessera.maxLength(15);  # "ramfs", "devfs", "fat32", ...
  blockSize @1 :UInt32;
  blocks @2 :UInt64;                     # all it may hold, in blockSize units
  freeBlocks @3 :UInt64;
  files @4 :UInt64;                      # nodes in use
}

interface FileSystem {
  # Opens (and with O_CREAT creates) a node; the reply carries a channel to
  # it that speaks File, served by this file system directly.
  open @0 (path :Text $Tessera.maxLength(1023), flags :UInt32, mode :UInt32)
      -> (file :UInt32 $Tessera.handle, stat :Stat);
  stat @1 (path :Text $Tessera.maxLength(1023)) -> (stat :Stat);
  mkdir @2 (path :Text $Tessera.maxLength(1023), mode :UInt32) -> ();
  rmdir @3 (path :Text $Tessera.maxLength(1023)) -> ();
  unlink @4 (path :Text $Tessera.maxLength(1023)) -> ();
  # Both paths inside this file system (vfs refuses a rename across file
  # systems with CrossDevice before it gets here).
  rename @5 (from :Text $Tessera.maxLength(1023), to :Text $Tessera.maxLength(1023)) -> ();
  # Returns when everything written to this file system so far is on its
  # storage (a file system without one, like ramfs, has nothing to do).
  sync @6 () -> ();
  statfs @7 () -> (info :FsInfo);
  # open, handed to the file system by vfs (docs/ipc.md "Opens"): sent, not
  # called. `reply` is the client's Vfs.open (ordinal 0), parked by vfs; the
  # file system answers it with open's results, or the error, straight to
  # the client, and vfs never waits.
  openFor @8 (path :Text $Tessera.maxLength(1023), flags :UInt32, mode :UInt32, reply :UInt32 $Tessera.replyTo(0))
      -> (file :UInt32 $Tessera.handle, stat :Stat);
}

interface File {
  # Small transfers travel in the message.
  read @0 (offset :UInt64, count :UInt32) -> (data :Data $Tessera.maxLength(3072));
  write @1 (offset :UInt64, data :Data $Tessera.maxLength(3072)) -> (count :UInt32);
  # Large ones go through a buffer shared once per open file (setBuffer):
  # `buffer` names the range of it to fill or to take the bytes from.
  setBuffer @2 (buffer :UInt32 $Tessera.handle, size :UInt32) -> ();
  readBulk @3 (offset :UInt64, buffer :Data $Tessera.bulk) -> (count :UInt32);
  writeBulk @4 (offset :UInt64, buffer :Data $Tessera.bulk) -> (count :UInt32);
  stat @5 () -> (stat :Stat);
  truncate @6 (size :UInt64) -> ();
  # Directory entries by index; `end` is true past the last one.
  readdir @7 (index :UInt32) -> (name :Text $Tessera.maxLength(255), kind :NodeKind, end :Bool);
  # A second channel to the same open file (dup, fork of descriptors).
  clone @8 () -> (file :UInt32 $Tessera.handle);
  # Returns when this file's data and metadata are on the file system's
  # storage (fsync).
  sync @9 () -> ();
  # chmod and utimensat: the permission bits (07777) and times whose bit is
  # in `set` (mode 1, atime 2, mtime 4: ipc/attribute_bits.h), whatever the file was opened for. What a node cannot change is
  # refused: AccessDenied (a device, a pipe), ReadOnly (procfs).
  setAttributes @10 (set :UInt32, mode :UInt32, atime :Int64, mtime :Int64) -> ();
}

# What a driver registers with devfs: devfs asks it for a File channel on
# every open of /dev/<name>.
interface Device {
  open @0 (flags :UInt32) -> (file :UInt32 $Tessera.handle);
}

interface DeviceRegistry {
  register @0 (name :Text $Tessera.maxLength(63), device :UInt32 $Tessera.handle) -> ();
  # A new registry channel, for the next driver (init hands one to each
  # driver it starts or restarts).
  connect @1 () -> (registry :UInt32 $Tessera.handle);
  # Returns when a device of that name is registered, at once if it is: for
  # a client that needs a driver which may not have registered yet (fatfs
  # at boot, or while its driver restarts). How long it waits is the
  # caller's deadline. Busy past 8 waiting on one registry channel.
  waitFor @2 (name :Text $Tessera.maxLength(63)) -> ();
}
