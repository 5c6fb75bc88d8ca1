// server::TreeFiles: the FileSystem and File protocol (idl/fs.capnp) over a
// FileTree, without the port. TreeFileServer (tree_file_server.h) hands it
// every request of the FileSystem channel and of each File channel, and
// makes the channels it asks for; host tests drive it the same way through
// the generated clients, over a tree of their own.
//
// Every request goes through the generated dispatcher: a malformed one gets
// an error reply and never reaches the tree. An open is an OpenFile, shared
// by the channels File.clone makes and closed in the tree with the last of
// them; each channel has its own shared buffer (a clone handed to another
// process shares the open, not the memory).
//
// What one client can take: the FileSystem client (vfs, which bounds its
// own clients) holds at most Limits::open_files opens; an open and its
// clones are at most Limits::channels_per_open channels, so whoever got one
// file cannot use up the server's channels. Past either, AccessDenied.
#pragma once

#include <cstdint>

#include "ipc/message.h"
#include "result.h"
#include "server/file_tree.h"
#include "server/recycler.h"
#include "server/shared_buffer.h"

namespace server {

struct OpenFile {
  TreeNode* node;
  uint32_t flags;  // as opened (ipc/open_flags.h)
  uint32_t channels = 0;
};

class TreeFiles {
 public:
  static constexpr uint32_t kMaxInlineRead = 3072;  // File.read's Data bound

  struct Limits {
    uint32_t open_files;
    uint32_t channels_per_open;
  };

  // name prefixes what only the log can be told (a close that failed).
  TreeFiles(FileTree& tree, const char* name, Limits limits) : tree_(tree), name_(name), limits_(limits) {}
  virtual ~TreeFiles() = default;
  TreeFiles(const TreeFiles&) = delete;
  TreeFiles& operator=(const TreeFiles&) = delete;

  // Serves one request; the reply is left in message.
  void serve_file_system(ipc::Message& message);
  // Serves one FileSystem message (openFor from vfs): leaves in message
  // the open's results or the error, and returns the Reply to answer it on
  // (server::Server::answer), or kInvalidHandle if it names none.
  ipc::Handle serve_file_system_message(ipc::Message& message);
  void serve_file(OpenFile& file, SharedBuffer& buffer, ipc::Message& message);

  // A File channel went: with the last of its open's, the tree closes the node.
  void channel_closed(OpenFile& file);
  // A File channel's buffer is about to go (the channel does).
  void release_buffer(SharedBuffer& buffer);
  // The FileSystem client went: everything is written back, and the files
  // still open are served until they close.
  void unmounted();

  FileTree& tree() { return tree_; }
  uint32_t open_files() const { return open_files_; }

 protected:
  // A new File channel served with file (serve_file, channel_closed): its
  // client end.
  virtual Result<ipc::Handle> make_channel(OpenFile& file) = 0;
  // The FileSystem client and every open file are gone.
  virtual void finished() {}

 private:
  class FileSystemCalls;
  class FileCalls;

  Result<ipc::Handle> add_channel(OpenFile& file);
  void finish_if_idle();

  FileTree& tree_;
  const char* name_;
  Limits limits_;
  uint32_t open_files_ = 0;
  Recycler<OpenFile> opens_;
  bool unmounted_ = false;
  // What an inline read replies with: the reply may not point into the
  // message past the request.
  uint8_t read_scratch_[kMaxInlineRead];
};

}  // namespace server
