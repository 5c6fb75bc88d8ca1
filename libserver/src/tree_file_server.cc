// The ports and channels of a file system served from a tree; see
// tree_file_server.h.
#include "server/tree_file_server.h"

#include "server/pending.h"
#include "server/shared_buffer.h"

namespace server {

// One File channel, and the buffer setBuffer shared with it. Its storage
// goes back to the server's recycler: an open and close makes one.
class TreeFileServer::FileChannel final : public Source {
 public:
  FileChannel(TreeFileServer& files, OpenFile& file) : files_(files), file_(file) {}
  ~FileChannel() override { files_.release_buffer(buffer_); }
  void on_call(Call& call) override { files_.serve_file(file_, buffer_, call.message()); }
  void on_closed() override { files_.channel_closed(file_); }
  void dispose() override { files_.channels_.destroy(this); }

 private:
  TreeFileServer& files_;
  OpenFile& file_;
  SharedBuffer buffer_;
};

Status TreeFileServer::serve(ipc::Handle file_system_end) {
  auto key = server_.add(file_system_end, this);
  return key ? Status{} : Status(key.error());
}

void TreeFileServer::on_event(const ipc::Event& event) {
  if (event.kind() != abi::EventKind::Message) return Source::on_event(event);
  ipc::Message& message = ipc::take(event);
  server_.answer(serve_file_system_message(message), message);
}

Result<ipc::Handle> TreeFileServer::make_channel(OpenFile& file) {
  return server_.add_channel(channels_.make(*this, file));
}

}  // namespace server
