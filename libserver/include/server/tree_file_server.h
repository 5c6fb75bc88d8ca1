// server::TreeFileServer: a file system served from a FileTree. It serves
// FileSystem (idl/fs.capnp) on the channel it is given and File on a
// channel per open, all as Sources of one server::Server; the protocol
// itself is TreeFiles's. A File channel whose peer closes is forgotten, and
// the open goes with its last channel: a client that dies mid-request is
// just such an event. When the FileSystem client (vfs) goes, the tree is
// written back, and the loop stops once every open file has closed too.
//
//   server::Server loop;            // init()ed
//   MyTree tree;                    // a server::FileTree
//   server::TreeFileServer fs(loop, tree, "myfs", {512, 16});
//   fs.serve(file_system_end);
//   return loop.run();
#pragma once

#include "ipc/ipc.h"
#include "result.h"
#include "server/recycler.h"
#include "server/server.h"
#include "server/tree_files.h"

namespace server {

class TreeFileServer final : public TreeFiles, public Source {
 public:
  TreeFileServer(Server& server, FileTree& tree, const char* name, Limits limits)
      : TreeFiles(tree, name, limits), server_(server) {}

  // Serves the FileSystem end.
  Status serve(ipc::Handle file_system_end);

  void on_call(Call& call) override { serve_file_system(call.message()); }
  void on_event(const ipc::Event& event) override;
  void on_closed() override { unmounted(); }

 private:
  Result<ipc::Handle> make_channel(OpenFile& file) override;
  // Other sources (a write-back timer) would keep the loop running.
  void finished() override { server_.stop(0); }

  class FileChannel;

  Server& server_;
  Recycler<FileChannel> channels_;
};

}  // namespace server
