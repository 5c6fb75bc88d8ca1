#include "pipe_file.h"

#include <string.h>

#include <new>

#include "server/pending.h"

namespace pipe {

namespace {

using namespace idl::fs;

constexpr uint32_t kMaxInline = 3072;  // File.read's and File.write's Data bound
constexpr uint32_t kMode = 0600;

// The bytes an inline read returns, until its reply is built.
uint8_t read_scratch[kMaxInline];

// A read or write parked until the pipe can finish it. An inline write
// keeps a copy of its bytes: the request they came in is answered later.
class ParkedTransfer final : public server::Parked, public Waiter {
 public:
  ParkedTransfer(Pipe& pipe, PipeFile& file, uint8_t* bytes, uint32_t count)
      : Waiter(&file, bytes, count), pipe_(pipe), file_(file) {}

  // Points the write at the copy, which then holds its bytes.
  void keep_inline(const uint8_t* from) {
    memcpy(copy_, from, count);
    bytes = copy_;
  }

  void finish(Result<uint32_t> result) override {
    if (!result) {
      (void)fail(result.error());
      return;
    }
    switch (ordinal_) {
      case FileReadParams::kOrdinal:
        (void)answer_as(FileReadResults{idl::Data{bytes, *result}});
        break;
      case FileReadBulkParams::kOrdinal:
        (void)answer_as(FileReadBulkResults{*result});
        break;
      case FileWriteParams::kOrdinal:
        // A write of nothing asks what an abandoned write put in.
        (void)answer_as(FileWriteResults{count ? *result : file_.take_abandoned()});
        break;
      default:
        (void)answer_as(FileWriteBulkResults{*result});
        break;
    }
  }
  // The caller stopped waiting (timeout, death, a signal): what it asked is
  // dropped, and what a write had put in already is noted for its caller.
  void on_gone() override {
    uint32_t moved = pipe_.forget(this);
    if (moved) file_.note_abandoned(moved);
    delete this;
  }

 private:
  Pipe& pipe_;
  PipeFile& file_;
  uint8_t copy_[kMaxInline];
};

}  // namespace

Result<ipc::Handle> PipeFile::open(server::Server& server, Pipe* pipe, End end, bool nonblocking) {
  auto* file = new (std::nothrow) PipeFile(server, pipe, end, nonblocking);
  if (!file) {
    if (pipe->unused()) delete pipe;  // a new pipe with no reference yet
    return Error::NoMemory;
  }
  return server.add_channel(file);  // on failure it deletes the file, which frees an unused pipe
}

PipeFile::PipeFile(server::Server& server, Pipe* pipe, End end, bool nonblocking)
    : server_(server), pipe_(pipe), end_(end), nonblocking_(nonblocking) {
  pipe_->open_end(end_);
}

PipeFile::~PipeFile() {
  pipe_->drop_waiters_of(this);  // their callers get PeerClosed
  pipe_->close_end(end_);
  if (pipe_->unused()) delete pipe_;
}

void PipeFile::on_call(server::Call& call) {
  call_ = &call;
  dispatch_file(*this, call.message(), buffer_.size());
  call_ = nullptr;
}

Status PipeFile::read(const FileReadParams& in, FileReadResults& out) {
  auto n = read_into(read_scratch, in.count < kMaxInline ? in.count : kMaxInline, FileReadParams::kOrdinal);
  if (!n) return n.error();
  out.data = idl::Data{read_scratch, *n};
  return {};
}

Status PipeFile::read_bulk(const FileReadBulkParams& in, FileReadBulkResults& out) {
  if (!buffer_.writable()) return Error::BadState;  // no buffer, or one we cannot fill
  auto n = read_into(buffer_.data() + in.buffer.offset, in.buffer.length, FileReadBulkParams::kOrdinal);
  if (!n) return n.error();
  out.count = *n;
  return {};
}

Status PipeFile::write(const FileWriteParams& in, FileWriteResults& out) {
  auto n = write_from(in.data.data, in.data.size, true, FileWriteParams::kOrdinal);
  if (!n) return n.error();
  out.count = *n;
  return {};
}

Status PipeFile::write_bulk(const FileWriteBulkParams& in, FileWriteBulkResults& out) {
  if (!buffer_.data()) return Error::BadState;
  auto n = write_from(buffer_.data() + in.buffer.offset, in.buffer.length, false, FileWriteBulkParams::kOrdinal);
  if (!n) return n.error();
  out.count = *n;
  return {};
}

Status PipeFile::set_buffer(const FileSetBufferParams& in, FileSetBufferResults&) {
  pipe_->drop_waiters_of(this);  // a bulk call waiting would use the old buffer
  // A writer may share its buffer read-only: the pipe only reads from it.
  return buffer_.map(in.buffer, in.size, end_ == End::Write);
}

Status PipeFile::stat(const FileStatParams&, FileStatResults& out) {
  out.stat = Stat{NodeKind::Fifo, pipe_->buffered(), reinterpret_cast<uint64_t>(pipe_), kMode, 1};
  return {};
}

Status PipeFile::truncate(const FileTruncateParams&, FileTruncateResults&) { return Error::InvalidArgument; }

Status PipeFile::readdir(const FileReaddirParams&, FileReaddirResults&) { return Error::NotDirectory; }

Status PipeFile::clone(const FileCloneParams&, FileCloneResults& out) {
  auto end = open(server_, pipe_, end_, nonblocking_);
  if (!end) return end.error();
  out.file = *end;
  return {};
}

// A pipe has no storage to sync to (Linux's fsync on a pipe: EINVAL).
Status PipeFile::sync(const FileSyncParams&, FileSyncResults&) { return Error::InvalidArgument; }

Result<uint32_t> PipeFile::read_into(uint8_t* into, uint32_t count, uint16_t ordinal) {
  if (end_ != End::Read) return Error::AccessDenied;
  auto n = pipe_->read(into, count);
  if (n || n.error() != Error::ShouldWait || nonblocking_) return n;
  auto* waiting = new (std::nothrow) ParkedTransfer(*pipe_, *this, into, count);
  if (!waiting) return Error::NoMemory;
  if (Status parked = waiting->park(*call_, server_, ordinal, buffer_.size()); !parked) {
    delete waiting;
    return parked.error();
  }
  pipe_->wait_read(waiting);
  return Error::ShouldWait;  // not sent: the call is parked
}

Result<uint32_t> PipeFile::write_from(const uint8_t* from, uint32_t count, bool is_inline, uint16_t ordinal) {
  if (end_ != End::Write) return Error::AccessDenied;
  uint32_t done = 0;
  auto n = pipe_->write(from, count, nonblocking_, done);
  if (n && count == 0) return take_abandoned();
  if (n || n.error() != Error::ShouldWait || nonblocking_) return n;
  auto* waiting = new (std::nothrow) ParkedTransfer(*pipe_, *this, const_cast<uint8_t*>(from), count);
  if (!waiting) return done ? Result<uint32_t>(done) : Result<uint32_t>(Error::NoMemory);
  if (is_inline) waiting->keep_inline(from);
  waiting->done = done;
  if (Status parked = waiting->park(*call_, server_, ordinal, buffer_.size()); !parked) {
    delete waiting;
    return parked.error();
  }
  pipe_->wait_write(waiting);
  return Error::ShouldWait;  // not sent: the call is parked
}

}  // namespace pipe
