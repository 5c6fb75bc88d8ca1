// The FileSystem and File handlers over a FileTree; see tree_files.h.
#include "server/tree_files.h"

#include <stdio.h>

#include "fs.idl.h"
#include "ipc/open_flags.h"
#include "server/server.h"

namespace server {

namespace {

namespace fs = idl::fs;
namespace flags = ipc::open_flags;

constexpr uint32_t kMaxEntryName = 255;  // File.readdir's Text bound

std::string_view view(idl::Text text) { return {text.data, text.size}; }

fs::NodeKind to_wire(NodeKind kind) { return kind == NodeKind::Directory ? fs::NodeKind::Directory : fs::NodeKind::File; }

fs::Stat to_wire(const NodeStat& s) {
  fs::Stat out{};
  out.kind = to_wire(s.kind);
  out.size = s.size;
  out.inode = s.inode;
  out.mode = s.mode;
  out.links = s.links;
  out.atime = s.atime;
  out.mtime = s.mtime;
  out.generation = s.generation;
  return out;
}

}  // namespace

class TreeFiles::FileSystemCalls : public HandleCloser {
 public:
  explicit FileSystemCalls(TreeFiles& files) : files_(files), tree_(files.tree_) {}

  // Open and openFor (vfs's hand-over) carry the same fields, and answer
  // with the same results.
  template <class Params, class Results>
  Status open(const Params& in, Results& out) {
    if (files_.open_files_ >= files_.limits_.open_files) return Error::AccessDenied;
    auto node = tree_.open(view(in.path), in.flags, in.mode);
    if (!node) return node.error();
    OpenFile* file = files_.opens_.make(*node, in.flags);
    if (!file) {
      (void)tree_.close(*node);
      return Error::NoMemory;
    }
    auto end = files_.add_channel(*file);
    if (!end) {
      (void)tree_.close(*node);
      files_.opens_.destroy(file);
      return end.error();
    }
    out.file = *end;
    out.stat = to_wire(tree_.stat(**node));
    return {};
  }
  Status open_for(const fs::FileSystemOpenForParams& in, fs::FileSystemOpenForResults& out) { return open(in, out); }
  Status stat(const fs::FileSystemStatParams& in, fs::FileSystemStatResults& out) {
    auto s = tree_.stat(view(in.path));
    if (!s) return s.error();
    out.stat = to_wire(*s);
    return {};
  }
  Status mkdir(const fs::FileSystemMkdirParams& in, fs::FileSystemMkdirResults&) {
    return tree_.mkdir(view(in.path), in.mode);
  }
  Status rmdir(const fs::FileSystemRmdirParams& in, fs::FileSystemRmdirResults&) { return tree_.rmdir(view(in.path)); }
  Status unlink(const fs::FileSystemUnlinkParams& in, fs::FileSystemUnlinkResults&) {
    return tree_.unlink(view(in.path));
  }
  Status rename(const fs::FileSystemRenameParams& in, fs::FileSystemRenameResults&) {
    return tree_.rename(view(in.from), view(in.to));
  }
  Status sync(const fs::FileSystemSyncParams&, fs::FileSystemSyncResults&) { return tree_.sync(); }
  Status statfs(const fs::FileSystemStatfsParams&, fs::FileSystemStatfsResults& out) {
    TreeSpace space = tree_.space();
    std::string_view type(space.type);
    out.info.type = idl::Text(type.data(), uint32_t(type.size()));
    out.info.block_size = space.block_size;
    out.info.blocks = space.blocks;
    out.info.free_blocks = space.free_blocks;
    out.info.files = space.files;
    return {};
  }

 private:
  TreeFiles& files_;
  FileTree& tree_;
};

class TreeFiles::FileCalls : public HandleCloser {
 public:
  FileCalls(TreeFiles& files, OpenFile& file, SharedBuffer& buffer)
      : files_(files), tree_(files.tree_), file_(file), node_(*file.node), buffer_(buffer) {}

  Status read(const fs::FileReadParams& in, fs::FileReadResults& out) {
    if (!readable()) return Error::AccessDenied;
    uint32_t count = in.count < kMaxInlineRead ? in.count : kMaxInlineRead;
    auto n = tree_.read(node_, in.offset, {files_.read_scratch_, count});
    if (!n) return n.error();
    out.data = idl::Data{files_.read_scratch_, *n};
    return {};
  }
  Status write(const fs::FileWriteParams& in, fs::FileWriteResults& out) {
    if (!writable()) return Error::AccessDenied;
    auto n = tree_.write(node_, write_offset(in.offset), {in.data.data, in.data.size});
    if (!n) return n.error();
    out.count = *n;
    return {};
  }
  // Read-write if the handle allows it; a read-only buffer still serves
  // writeBulk.
  Status set_buffer(const fs::FileSetBufferParams& in, fs::FileSetBufferResults&) {
    // A copy of the handle for the tree: map() closes this one.
    Result<ipc::Handle> copy =
        tree_.shares_buffers() ? SharedBuffer::duplicate(in.buffer) : Result<ipc::Handle>(Error::NotFound);
    files_.release_buffer(buffer_);
    Status mapped = buffer_.map(in.buffer, in.size, true);
    if (copy && mapped)
      tree_.buffer_shared(*copy, {buffer_.data(), buffer_.size()}, buffer_.writable());
    else if (copy)
      (void)ipc::close(*copy);
    return mapped;
  }
  // The dispatcher has checked the range against the buffer's size, which
  // is 0 without a buffer.
  Status read_bulk(const fs::FileReadBulkParams& in, fs::FileReadBulkResults& out) {
    if (!readable()) return Error::AccessDenied;
    if (in.buffer.length == 0) return {};
    if (!buffer_.writable()) return Error::AccessDenied;
    auto n = tree_.read(node_, in.offset, {buffer_.data() + in.buffer.offset, in.buffer.length});
    if (!n) return n.error();
    out.count = *n;
    return {};
  }
  Status write_bulk(const fs::FileWriteBulkParams& in, fs::FileWriteBulkResults& out) {
    if (!writable()) return Error::AccessDenied;
    if (in.buffer.length == 0) return {};
    auto n = tree_.write(node_, write_offset(in.offset), {buffer_.data() + in.buffer.offset, in.buffer.length});
    if (!n) return n.error();
    out.count = *n;
    return {};
  }
  Status stat(const fs::FileStatParams&, fs::FileStatResults& out) {
    out.stat = to_wire(tree_.stat(node_));
    return {};
  }
  Status truncate(const fs::FileTruncateParams& in, fs::FileTruncateResults&) {
    if (!writable()) return Error::AccessDenied;
    return tree_.truncate(node_, in.size);
  }
  Status readdir(const fs::FileReaddirParams& in, fs::FileReaddirResults& out) {
    auto entry = tree_.readdir(node_, in.index);
    if (!entry && entry.error() == Error::OutOfRange) {
      out.end = true;
      return {};
    }
    if (!entry) return entry.error();
    // A name the tree allows (FAT's 255 UCS-2 characters) may take more
    // UTF-8 bytes than the protocol carries.
    if (entry->name.size() > kMaxEntryName) return Error::NameTooLong;
    out.name = idl::Text(entry->name.data(), uint32_t(entry->name.size()));
    out.kind = to_wire(entry->kind);
    return {};
  }
  // Whatever the file was opened for, as chmod on a path.
  Status set_attributes(const fs::FileSetAttributesParams& in, fs::FileSetAttributesResults&) {
    return tree_.set_attributes(node_, {in.set, in.mode & 07777, in.atime, in.mtime});
  }
  // A tree writes back as a whole: its allocation and directories are
  // shared by every file.
  Status sync(const fs::FileSyncParams&, fs::FileSyncResults&) { return tree_.sync(); }
  Status clone(const fs::FileCloneParams&, fs::FileCloneResults& out) {
    if (file_.channels >= files_.limits_.channels_per_open) return Error::AccessDenied;
    auto end = files_.add_channel(file_);
    if (!end) return end.error();
    out.file = *end;
    return {};
  }

 private:
  bool readable() const { return (file_.flags & flags::kAccessMask) != flags::kWriteOnly; }
  bool writable() const { return flags::writes(file_.flags); }
  // O_APPEND writes at the end, whatever offset the client named.
  uint64_t write_offset(uint64_t offset) const { return (file_.flags & flags::kAppend) ? tree_.stat(node_).size : offset; }

  TreeFiles& files_;
  FileTree& tree_;
  OpenFile& file_;
  TreeNode& node_;
  SharedBuffer& buffer_;
};

void TreeFiles::serve_file_system(ipc::Message& message) {
  FileSystemCalls calls(*this);
  fs::dispatch_file_system(calls, message);
}

ipc::Handle TreeFiles::serve_file_system_message(ipc::Message& message) {
  FileSystemCalls calls(*this);
  return fs::dispatch_file_system_message(calls, message);
}

void TreeFiles::serve_file(OpenFile& file, SharedBuffer& buffer, ipc::Message& message) {
  FileCalls calls(*this, file, buffer);
  fs::dispatch_file(calls, message, buffer.size());
}

Result<ipc::Handle> TreeFiles::add_channel(OpenFile& file) {
  auto end = make_channel(file);
  if (!end) return end.error();
  if (file.channels++ == 0) ++open_files_;
  return *end;
}

void TreeFiles::channel_closed(OpenFile& file) {
  if (--file.channels > 0) return;
  // Nobody is left to tell if what the node had to write could not be.
  if (Status s = tree_.close(file.node); !s) printf("%s: closing a file: %s\n", name_, abi::error_name(s.error()));
  opens_.destroy(&file);
  --open_files_;
  finish_if_idle();
}

void TreeFiles::release_buffer(SharedBuffer& buffer) {
  if (buffer.size() != 0) tree_.buffer_unshared({buffer.data(), buffer.size()});
}

void TreeFiles::unmounted() {
  if (Status s = tree_.sync(); !s) printf("%s: writing back at unmount: %s\n", name_, abi::error_name(s.error()));
  unmounted_ = true;
  finish_if_idle();
}

void TreeFiles::finish_if_idle() {
  if (unmounted_ && open_files_ == 0) finished();
}

}  // namespace server
