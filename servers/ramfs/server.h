// The ramfs server: serves FileSystem (idl/fs.capnp) on the channel it was
// started with and File on a channel per open, all from one port.
//
// The FileSystem end is bound with badge 0; every File channel end with the
// address of its FileChannel. Every request goes through the generated
// dispatcher, so a malformed one gets an error reply and never reaches a
// handler. A PeerClosed event on a File end closes that channel, and the
// open file with its last channel; a client that dies mid-request is just
// such an event.
//
// What one client can take. The FileSystem channel is one client (vfs, which
// bounds its own clients): it may hold kMaxOpenFiles opens. Whoever holds a
// File channel may clone it, but an open and its clones together are at most
// kMaxChannelsPerOpen channels, so a client that got one file cannot use up
// the server's channels (each also costs kernel memory). Past either limit
// the request is AccessDenied. File data may not take the machine's last
// kSystemReserveFrames free frames: other programs' stacks and the kernel
// need them, so a full file system answers NoSpace long before anyone
// else runs out.
#pragma once

#include <cstdint>

#include "ipc/message.h"
#include "result.h"
#include "tree.h"

namespace ramfs {

// One open: the node it holds, how it was opened. Shared by the channels
// File.clone makes; freed with the last of them.
struct OpenFile {
  Node* node;
  uint32_t flags;
  uint32_t channels = 0;
};

// One File channel. The buffer of setBuffer belongs to the channel, not to
// the open file: channels cloned into another process share the open file
// but not each other's memory.
struct FileChannel {
  ipc::Handle end;
  OpenFile* file;
  uint8_t* buffer = nullptr;
  uint32_t buffer_size = 0;
  bool buffer_writable = false;
};

class Server {
 public:
  explicit Server(Tree& tree) : tree_(tree) {}

  // Serves until the FileSystem client and every File channel are gone.
  // Returns 0, or 1 if the port could not be set up.
  int run(ipc::Handle file_system_end);

  // The handlers the generated dispatchers call (through FileSystemHandler
  // and FileHandler in server.cc).
  Tree& tree() { return tree_; }
  // A new File channel to file: its client end, or an error.
  Result<ipc::Handle> add_channel(OpenFile* file);
  // Closes a channel and, with its last channel, the open file.
  void close_channel(FileChannel* channel);
  uint8_t* read_scratch() { return read_scratch_; }

  static constexpr uint32_t kMaxInlineRead = 3072;
  static constexpr uint32_t kMaxOpenFiles = 512;
  static constexpr uint32_t kMaxChannelsPerOpen = 16;
  static constexpr uint64_t kSystemReserveFrames = 1024;  // 4 MiB

  // Opens left to the FileSystem client.
  bool may_open() const { return open_files_ < kMaxOpenFiles; }
  // Sets the tree's block limit so that writes leave the reserve free.
  void limit_blocks_to_free_memory();

 private:
  void serve_call(uint64_t badge);

  Tree& tree_;
  ipc::Handle port_ = ipc::kInvalidHandle;
  uint32_t live_channels_ = 0;
  uint32_t open_files_ = 0;
  // What a small read replies with: the reply's data must not point into
  // the message beyond the request.
  uint8_t read_scratch_[kMaxInlineRead];
};

}  // namespace ramfs
