#include "proc_file.h"

#include <stdlib.h>
#include <string.h>

#include <new>

namespace procfs {

using namespace idl::fs;

namespace {
constexpr uint32_t kMaxInlineRead = 3072;  // File.read's Data bound
}  // namespace

Result<ipc::Handle> ProcFile::open(ProcFs& fs, const ProcNode& node, const char* text, uint32_t size) {
  if (fs.open_files >= ProcFs::kMaxOpenFiles) return Error::Busy;
  char* copy = nullptr;
  if (!is_directory(node.type)) {
    copy = static_cast<char*>(malloc(size ? size : 1));
    if (!copy) return Error::NoMemory;
    memcpy(copy, text, size);
  }
  auto* file = new (std::nothrow) ProcFile(fs, node, copy, size);
  if (!file) free(copy);
  return fs.server().add_channel(file);
}

ProcFile::ProcFile(ProcFs& fs, const ProcNode& node, char* text, uint32_t size)
    : fs_(fs), node_(node), text_(text), size_(size) {
  ++fs_.open_files;
}

ProcFile::~ProcFile() {
  free(text_);
  --fs_.open_files;
}

void ProcFile::on_call(server::Call& call) { dispatch_file(*this, call.message(), buffer_.size()); }

uint32_t ProcFile::slice(uint64_t offset, uint32_t count, const char*& from) const {
  from = text_ + (offset < size_ ? offset : size_);
  if (offset >= size_) return 0;
  return size_ - offset < count ? uint32_t(size_ - offset) : count;
}

Status ProcFile::read(const FileReadParams& in, FileReadResults& out) {
  if (!text_) return Error::IsDirectory;
  const char* from = nullptr;
  uint32_t n = slice(in.offset, in.count < kMaxInlineRead ? in.count : kMaxInlineRead, from);
  out.data = idl::Data{reinterpret_cast<const uint8_t*>(from), n};
  return {};
}

Status ProcFile::read_bulk(const FileReadBulkParams& in, FileReadBulkResults& out) {
  if (!text_) return Error::IsDirectory;
  if (!buffer_.writable()) return Error::BadState;
  const char* from = nullptr;
  out.count = slice(in.offset, in.buffer.length, from);
  memcpy(buffer_.data() + in.buffer.offset, from, out.count);
  return {};
}

Status ProcFile::set_buffer(const FileSetBufferParams& in, FileSetBufferResults&) {
  return buffer_.map(in.buffer, in.size);
}

Status ProcFile::write(const FileWriteParams&, FileWriteResults&) { return Error::AccessDenied; }
Status ProcFile::write_bulk(const FileWriteBulkParams&, FileWriteBulkResults&) { return Error::AccessDenied; }
Status ProcFile::truncate(const FileTruncateParams&, FileTruncateResults&) { return Error::AccessDenied; }
Status ProcFile::sync(const FileSyncParams&, FileSyncResults&) { return {}; }  // nothing to store

Status ProcFile::stat(const FileStatParams&, FileStatResults& out) {
  out.stat = fs_.stat_of(node_, size_);
  return {};
}

Status ProcFile::readdir(const FileReaddirParams& in, FileReaddirResults& out) {
  if (text_) return Error::NotDirectory;
  auto found = fs_.entry(node_, in.index, out);
  if (!found) return found.error();
  out.end = !*found;
  return {};
}

Status ProcFile::clone(const FileCloneParams&, FileCloneResults& out) {
  auto file = open(fs_, node_, text_, size_);
  if (!file) return file.error();
  out.file = *file;
  return {};
}

}  // namespace procfs
