// The ramfs server: serves FileSystem (idl/fs.capnp) on the channel it was
// started with and File on a channel per open, all from one port.
//
// Both are server::Sources of one server::Server (libserver), which runs the
// loop: the FileSystem end is the Server here, every File channel a
// FileChannel the library owns and finds by its badge. Every request goes
// through the generated dispatcher, so a malformed one gets an error reply
// and never reaches a handler. When a File channel's peer closes, the
// library forgets the channel; the open file goes with its last channel. A
// client that dies mid-request is just such an event.
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
#include "server/server.h"
#include "server/shared_buffer.h"
#include "tree.h"

namespace ramfs {

// One open: the node it holds, how it was opened. Shared by the channels
// File.clone makes; freed with the last of them.
struct OpenFile {
  Node* node;
  uint32_t flags;
  uint32_t channels = 0;
};

class Server;

// One File channel. The buffer of setBuffer belongs to the channel, not to
// the open file: channels cloned into another process share the open file
// but not each other's memory.
class FileChannel final : public server::Source {
 public:
  FileChannel(Server& server, OpenFile& file) : server_(server), file_(file) {}
  void on_call(server::Call& call) override;
  void on_closed() override;

  OpenFile& file() { return file_; }
  server::SharedBuffer& buffer() { return buffer_; }

 private:
  Server& server_;
  OpenFile& file_;
  server::SharedBuffer buffer_;
};

class Server final : public server::Source {
 public:
  Server(server::Server& server, Tree& tree) : server_(server), tree_(tree) {}

  // Serves the FileSystem end; the library's loop then runs until the
  // FileSystem client and every File channel are gone.
  Status serve(ipc::Handle file_system_end);
  void on_call(server::Call& call) override;

  Tree& tree() { return tree_; }
  // A new File channel to file: its client end, or an error.
  Result<ipc::Handle> add_channel(OpenFile& file);
  // A channel went: with the last of its open file's, the file closes.
  void channel_closed(OpenFile& file);
  uint8_t* read_scratch() { return read_scratch_; }

  static constexpr uint32_t kMaxInlineRead = 3072;
  // vfs opens for every program, so this bounds all programs' opens of this
  // file system together: a backstop against a runaway, far above what a
  // machine of this size holds open.
  static constexpr uint32_t kMaxOpenFiles = 8192;
  static constexpr uint32_t kMaxChannelsPerOpen = 16;
  static constexpr uint64_t kSystemReserveFrames = 1024;  // 4 MiB

  // Opens left to the FileSystem client.
  bool may_open() const { return open_files_ < kMaxOpenFiles; }
  // Sets the tree's block limit so that writes leave the reserve free.
  void limit_blocks_to_free_memory();

 private:
  server::Server& server_;
  Tree& tree_;
  uint32_t open_files_ = 0;
  // What a small read replies with: the reply's data must not point into
  // the message beyond the request.
  uint8_t read_scratch_[kMaxInlineRead];
};

}  // namespace ramfs
