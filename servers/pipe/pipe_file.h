// PipeFile: one reference to one end of a pipe, a File channel
// (idl/fs.capnp). Reads on the read end, writes on the write end (the other
// is AccessDenied); offsets are ignored. A call that must wait is parked
// (server::Parked) as a pipe::Waiter, so the server goes on serving; a
// caller that gives up or dies is forgotten.
//
// A write whose caller stopped waiting (a signal interrupted it) may have
// put part of its bytes in already, and they stay: the caller learns how
// many by a write of nothing on the same reference, which waits behind the
// writes before it and answers that count (docs/posix.md, "Pipes"). clone opens another reference
// to the same end; the pipe is freed when the last reference of both ends
// has closed.
#pragma once

#include <cstdint>

#include "fs.idl.h"
#include "pipe.h"
#include "server/server.h"
#include "server/shared_buffer.h"

namespace pipe {

class PipeFile final : public server::Source, public server::HandleCloser {
 public:
  // A new File channel on `end` of pipe (owned by its references: the last
  // one to close deletes it, and so does a failure here when it has none).
  // Returns the client end.
  static Result<ipc::Handle> open(server::Server& server, Pipe* pipe, End end, bool nonblocking);

  ~PipeFile() override;
  void on_call(server::Call& call) override;

  // The File methods (dispatch_file).
  Status read(const idl::fs::FileReadParams& in, idl::fs::FileReadResults& out);
  Status write(const idl::fs::FileWriteParams& in, idl::fs::FileWriteResults& out);
  Status set_buffer(const idl::fs::FileSetBufferParams& in, idl::fs::FileSetBufferResults& out);
  Status read_bulk(const idl::fs::FileReadBulkParams& in, idl::fs::FileReadBulkResults& out);
  Status write_bulk(const idl::fs::FileWriteBulkParams& in, idl::fs::FileWriteBulkResults& out);
  Status stat(const idl::fs::FileStatParams& in, idl::fs::FileStatResults& out);
  Status truncate(const idl::fs::FileTruncateParams& in, idl::fs::FileTruncateResults& out);
  Status readdir(const idl::fs::FileReaddirParams& in, idl::fs::FileReaddirResults& out);
  Status clone(const idl::fs::FileCloneParams& in, idl::fs::FileCloneResults& out);
  Status sync(const idl::fs::FileSyncParams& in, idl::fs::FileSyncResults& out);
  // A pipe's mode is fixed and it keeps no times.
  Status set_attributes(const idl::fs::FileSetAttributesParams&, idl::fs::FileSetAttributesResults&) {
    return Error::AccessDenied;
  }

 private:
  PipeFile(server::Server& server, Pipe* pipe, End end, bool nonblocking);
  // Reads into `into`, or parks the call until it can.
  Result<uint32_t> read_into(uint8_t* into, uint32_t count, uint16_t ordinal);
  // Writes from `from` (inline: the request, copied if the call must wait;
  // else the shared buffer), or parks the call until it is all in.
  Result<uint32_t> write_from(const uint8_t* from, uint32_t count, bool is_inline, uint16_t ordinal);

 public:
  // A write through this reference whose caller went away had put `count`
  // bytes in; a write of nothing answers it (and forgets it).
  void note_abandoned(uint32_t count) { abandoned_ = count; }
  uint32_t take_abandoned() {
    uint32_t count = abandoned_;
    abandoned_ = 0;
    return count;
  }

 private:

  server::Server& server_;
  Pipe* pipe_;
  End end_;
  bool nonblocking_;
  server::SharedBuffer buffer_;
  server::Call* call_ = nullptr;  // while serving one
  uint32_t abandoned_ = 0;
};

}  // namespace pipe
