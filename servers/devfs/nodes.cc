#include "nodes.h"

#include <string.h>

#include "abi/syscall.h"
#include "ipc/open_flags.h"
#include "ipc/syscall.h"

namespace devfs {

namespace {

namespace flags = ipc::open_flags;
using Node = DevFs::Node;

constexpr uint32_t kMaxRead = 3072;  // File.read's Data bound
const uint8_t kZeros[kMaxRead] = {};

}  // namespace

Status FileServer::check_read() const {
  if (file_.node == Node::Directory) return Error::IsDirectory;
  if ((file_.flags & flags::kAccessMask) == flags::kWriteOnly) return Error::AccessDenied;
  return {};
}

Status FileServer::check_write() const {
  if (file_.node == Node::Directory) return Error::IsDirectory;
  if (!flags::writes(file_.flags)) return Error::AccessDenied;
  return {};
}

uint32_t FileServer::read_size(uint32_t count) const { return file_.node == Node::Zero ? count : 0; }

Status FileServer::read(const idl::fs::FileReadParams& in, idl::fs::FileReadResults& out) {
  TRY(check_read());
  uint32_t n = read_size(in.count < kMaxRead ? in.count : kMaxRead);
  out.data = idl::Data{kZeros, n};
  return {};
}

Status FileServer::write(const idl::fs::FileWriteParams& in, idl::fs::FileWriteResults& out) {
  TRY(check_write());
  out.count = in.data.size;
  return {};
}

Status FileServer::set_buffer(const idl::fs::FileSetBufferParams& in, idl::fs::FileSetBufferResults&) {
  if (in.size == 0) {
    (void)ipc::close(in.buffer);
    return Error::InvalidArgument;
  }
  int64_t address = sys::membuf_map(in.buffer, 0, 0, in.size, abi::kProtRead | abi::kProtWrite);
  (void)ipc::close(in.buffer);  // the mapping keeps the buffer
  if (sys::failed(address)) return sys::error_of(address);
  if (file_.buffer) sys::mem_unmap(reinterpret_cast<uint64_t>(file_.buffer), file_.buffer_size);
  file_.buffer = reinterpret_cast<uint8_t*>(address);
  file_.buffer_size = in.size;
  return {};
}

Status FileServer::read_bulk(const idl::fs::FileReadBulkParams& in, idl::fs::FileReadBulkResults& out) {
  TRY(check_read());
  if (!file_.buffer) return Error::BadState;
  out.count = read_size(in.buffer.length);
  memset(file_.buffer + in.buffer.offset, 0, out.count);
  return {};
}

Status FileServer::write_bulk(const idl::fs::FileWriteBulkParams& in, idl::fs::FileWriteBulkResults& out) {
  TRY(check_write());
  if (!file_.buffer) return Error::BadState;
  out.count = in.buffer.length;
  return {};
}

Status FileServer::stat(const idl::fs::FileStatParams&, idl::fs::FileStatResults& out) {
  idl::fs::FileSystemStatParams params{};
  idl::fs::FileSystemStatResults results{};
  params.path = file_.node == Node::Directory ? "" : file_.node == Node::Null ? "null" : "zero";
  TRY(fs_.stat(params, results));
  out.stat = results.stat;
  return {};
}

// Linux refuses ftruncate on a character device with EINVAL.
Status FileServer::truncate(const idl::fs::FileTruncateParams&, idl::fs::FileTruncateResults&) {
  return file_.node == Node::Directory ? Error::IsDirectory : Error::InvalidArgument;
}

Status FileServer::readdir(const idl::fs::FileReaddirParams& in, idl::fs::FileReaddirResults& out) {
  if (file_.node != Node::Directory) return Error::NotDirectory;
  out.end = !fs_.directory_entry(in.index, out.name, out.kind);
  return {};
}

Status FileServer::clone(const idl::fs::FileCloneParams&, idl::fs::FileCloneResults& out) {
  // The copy shares the node and the access mode, not the buffer (each
  // channel sets its own).
  return fs_.open_node(file_.node, file_.flags, out.file);
}

}  // namespace devfs
