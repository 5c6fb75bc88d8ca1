#include "nodes.h"

#include <string.h>

#include "ipc/open_flags.h"

namespace devfs {

namespace {

namespace flags = ipc::open_flags;
using Node = DevFs::Node;

constexpr uint32_t kMaxRead = 3072;  // File.read's Data bound
const uint8_t kZeros[kMaxRead] = {};

}  // namespace

Status NodeFile::check_read() const {
  if (node_ == Node::Directory) return Error::IsDirectory;
  if ((flags_ & flags::kAccessMask) == flags::kWriteOnly) return Error::AccessDenied;
  return {};
}

Status NodeFile::check_write() const {
  if (node_ == Node::Directory) return Error::IsDirectory;
  if (!flags::writes(flags_)) return Error::AccessDenied;
  return {};
}

uint32_t NodeFile::read_size(uint32_t count) const { return node_ == Node::Zero ? count : 0; }

Status NodeFile::read(const idl::fs::FileReadParams& in, idl::fs::FileReadResults& out) {
  TRY(check_read());
  uint32_t n = read_size(in.count < kMaxRead ? in.count : kMaxRead);
  out.data = idl::Data{kZeros, n};
  return {};
}

Status NodeFile::write(const idl::fs::FileWriteParams& in, idl::fs::FileWriteResults& out) {
  TRY(check_write());
  out.count = in.data.size;
  return {};
}

Status NodeFile::set_buffer(const idl::fs::FileSetBufferParams& in, idl::fs::FileSetBufferResults&) {
  return buffer_.map(in.buffer, in.size);
}

Status NodeFile::read_bulk(const idl::fs::FileReadBulkParams& in, idl::fs::FileReadBulkResults& out) {
  TRY(check_read());
  if (!buffer_.data()) return Error::BadState;
  out.count = read_size(in.buffer.length);
  memset(buffer_.data() + in.buffer.offset, 0, out.count);
  return {};
}

Status NodeFile::write_bulk(const idl::fs::FileWriteBulkParams& in, idl::fs::FileWriteBulkResults& out) {
  TRY(check_write());
  if (!buffer_.data()) return Error::BadState;
  out.count = in.buffer.length;
  return {};
}

Status NodeFile::stat(const idl::fs::FileStatParams&, idl::fs::FileStatResults& out) {
  idl::fs::FileSystemStatParams params{};
  idl::fs::FileSystemStatResults results{};
  params.path = node_ == Node::Directory ? "" : node_ == Node::Null ? "null" : "zero";
  TRY(fs_.stat(params, results));
  out.stat = results.stat;
  return {};
}

// Linux refuses ftruncate on a character device with EINVAL.
Status NodeFile::truncate(const idl::fs::FileTruncateParams&, idl::fs::FileTruncateResults&) {
  return node_ == Node::Directory ? Error::IsDirectory : Error::InvalidArgument;
}

Status NodeFile::readdir(const idl::fs::FileReaddirParams& in, idl::fs::FileReaddirResults& out) {
  if (node_ != Node::Directory) return Error::NotDirectory;
  out.end = !fs_.directory_entry(in.index, out.name, out.kind);
  return {};
}

Status NodeFile::clone(const idl::fs::FileCloneParams&, idl::fs::FileCloneResults& out) {
  // The copy shares the node and the access mode, not the buffer (each
  // channel sets its own).
  return fs_.open_node(node_, flags_, out.file);
}

}  // namespace devfs
