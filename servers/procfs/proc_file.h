// ProcFile: one open of a procfs node, a File channel. A file holds the text
// rendered when it was opened; a directory lists its entries live.
// Everything is read-only: write, writeBulk and truncate are AccessDenied,
// setAttributes ReadOnly.
#pragma once

#include <cstdint>

#include "fs.idl.h"
#include "proc_path.h"
#include "procfs.h"
#include "server/server.h"
#include "server/shared_buffer.h"

namespace procfs {

class ProcFile final : public server::Source, public server::HandleCloser {
 public:
  // A new File channel on node with a copy of text (none for a directory).
  static Result<ipc::Handle> open(ProcFs& fs, const ProcNode& node, const char* text, uint32_t size);

  ~ProcFile() override;
  void on_call(server::Call& call) override;

  Status read(const idl::fs::FileReadParams& in, idl::fs::FileReadResults& out);
  Status write(const idl::fs::FileWriteParams&, idl::fs::FileWriteResults&);
  Status set_buffer(const idl::fs::FileSetBufferParams& in, idl::fs::FileSetBufferResults&);
  Status read_bulk(const idl::fs::FileReadBulkParams& in, idl::fs::FileReadBulkResults& out);
  Status write_bulk(const idl::fs::FileWriteBulkParams&, idl::fs::FileWriteBulkResults&);
  Status stat(const idl::fs::FileStatParams&, idl::fs::FileStatResults& out);
  Status truncate(const idl::fs::FileTruncateParams&, idl::fs::FileTruncateResults&);
  Status readdir(const idl::fs::FileReaddirParams& in, idl::fs::FileReaddirResults& out);
  Status clone(const idl::fs::FileCloneParams&, idl::fs::FileCloneResults& out);
  Status sync(const idl::fs::FileSyncParams&, idl::fs::FileSyncResults&);
  Status set_attributes(const idl::fs::FileSetAttributesParams&, idl::fs::FileSetAttributesResults&) {
    return Error::ReadOnly;
  }

 private:
  ProcFile(ProcFs& fs, const ProcNode& node, char* text, uint32_t size);
  // The bytes from offset, at most count: where they start and how many.
  uint32_t slice(uint64_t offset, uint32_t count, const char*& from) const;

  ProcFs& fs_;
  ProcNode node_;
  char* text_;  // owned (malloc); null for a directory
  uint32_t size_;
  server::SharedBuffer buffer_;
};

}  // namespace procfs
