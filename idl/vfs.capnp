@0x96653ef1e42521c7;
# The mount-space manager. Every process has a session (a channel to vfs);
# a session belongs to a mountspace, a list of (path, file system) mounts.
# Sessions made by clone(private=false) share their mountspace; with
# private=true the new session gets a copy that later mounts do not share.
# Changing a mountspace (mount, umount, bind) needs the session's change
# right (AccessDenied without): init's first session and every private copy
# have it, clone(false) leaves it out, cloneMayChange passes it on
# (docs/mountspaces.md).
# Paths are absolute ("/tmp/x"); vfs resolves ".", ".." (which may leave a
# mount; what stands before it must be a directory, else NotDirectory, as
# must a path written with a trailing "/") and the longest mount prefix,
# then forwards the rest to that file system. open() returns the file system's own File channel: reads and
# writes never pass through vfs.
using Tessera = import "tessera.capnp";
using Fs = import "fs.capnp";
$Tessera.namespace("idl::vfs");

interface Vfs {
  open @0 (path :Text $Tessera.maxLength(1023), flags :UInt32, mode :UInt32)
      -> (file :UInt32 $Tessera.handle, stat :Fs.Stat);
  stat @1 (path :Text $Tessera.maxLength(1023)) -> (stat :Fs.Stat);
  mkdir @2 (path :Text $Tessera.maxLength(1023), mode :UInt32) -> ();
  rmdir @3 (path :Text $Tessera.maxLength(1023)) -> ();
  unlink @4 (path :Text $Tessera.maxLength(1023)) -> ();
  rename @5 (from :Text $Tessera.maxLength(1023), to :Text $Tessera.maxLength(1023)) -> ();
  # Mounts the file system served on `fs` (a FileSystem channel) at path,
  # which must be a directory; it shadows what lies beneath until umount.
  mount @6 (fs :UInt32 $Tessera.handle, path :Text $Tessera.maxLength(1023), flags :UInt32) -> ();
  umount @7 (path :Text $Tessera.maxLength(1023)) -> ();
  # Makes `to` show what `from` shows (a bind mount).
  bind @8 (from :Text $Tessera.maxLength(1023), to :Text $Tessera.maxLength(1023)) -> ();
  # A new session: in a private copy of this mountspace (with the change
  # right), or sharing it (without).
  clone @9 (private :Bool) -> (session :UInt32 $Tessera.handle);
  # The mounts of this session's mountspace, by index; `end` past the last.
  mounts @10 (index :UInt32) -> (path :Text $Tessera.maxLength(1023), end :Bool);
  # A new session sharing this mountspace with the change right; needs it.
  cloneMayChange @11 () -> (session :UInt32 $Tessera.handle);
  # FileSystem.sync on every file system mounted in this session's
  # mountspace; the first error is returned, after all have been asked.
  sync @12 () -> ();
  # FileSystem.statfs of the file system the path is on.
  statfs @13 (path :Text $Tessera.maxLength(1023)) -> (info :Fs.FsInfo);
  # The file system mounted at `path` (a mount point of the caller's
  # mountspace; "/" for the root) is served by `fs` from now on, in every
  # mountspace that shows it: how init re-wires a file system it restarted.
  # Only init's sessions may (AccessDenied otherwise); InvalidArgument if
  # nothing is mounted exactly at path; NotDirectory if fs's root is not a
  # directory. `fs` is vfs's either way.
  replace @14 (path :Text $Tessera.maxLength(1023), fs :UInt32 $Tessera.handle) -> ();
}
