// NodeFile: the File protocol on the channels of devfs's own nodes.
//   directory: readdir lists null, zero and every registered device;
//              read and write are IsDirectory.
//   null:      reads return no bytes, writes take every byte.
//   zero:      reads return zeros, writes take every byte.
// Access modes are checked (reading an O_WRONLY file is AccessDenied).
#pragma once

#include "devfs.h"
#include "server/shared_buffer.h"

namespace devfs {

// One open of a node: a File channel.
class NodeFile final : public server::Source, public server::HandleCloser {
 public:
  NodeFile(DevFs& fs, DevFs::Node node, uint32_t flags) : fs_(fs), node_(node), flags_(flags) {}
  void on_call(server::Call& call) override { idl::fs::dispatch_file(*this, call.message(), buffer_.size()); }
  void on_closed() override { fs_.forget_file(); }

  Status read(const idl::fs::FileReadParams& in, idl::fs::FileReadResults& out);
  Status write(const idl::fs::FileWriteParams& in, idl::fs::FileWriteResults& out);
  Status set_buffer(const idl::fs::FileSetBufferParams& in, idl::fs::FileSetBufferResults&);
  Status read_bulk(const idl::fs::FileReadBulkParams& in, idl::fs::FileReadBulkResults& out);
  Status write_bulk(const idl::fs::FileWriteBulkParams& in, idl::fs::FileWriteBulkResults& out);
  Status stat(const idl::fs::FileStatParams&, idl::fs::FileStatResults& out);
  Status truncate(const idl::fs::FileTruncateParams&, idl::fs::FileTruncateResults&);
  Status readdir(const idl::fs::FileReaddirParams& in, idl::fs::FileReaddirResults& out);
  Status clone(const idl::fs::FileCloneParams&, idl::fs::FileCloneResults& out);
  Status sync(const idl::fs::FileSyncParams&, idl::fs::FileSyncResults&) { return {}; }
  // devfs's nodes are fixed: their modes are its own, and it keeps no times.
  Status set_attributes(const idl::fs::FileSetAttributesParams&, idl::fs::FileSetAttributesResults&) {
    return Error::AccessDenied;
  }

 private:
  Status check_read() const;
  Status check_write() const;
  // How many bytes a read of `count` yields (null: none, zero: all).
  uint32_t read_size(uint32_t count) const;

  DevFs& fs_;
  DevFs::Node node_;
  uint32_t flags_;
  server::SharedBuffer buffer_;
};

}  // namespace devfs
