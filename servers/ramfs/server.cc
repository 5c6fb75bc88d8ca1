// The ramfs server loop and the FileSystem and File handlers; see server.h.
#include "server.h"

#include "alloc.h"
#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/syscall.h"

namespace ramfs {

namespace {

namespace fs = idl::fs;
namespace flags = ipc::open_flags;

std::string_view view(idl::Text text) { return {text.data, text.size}; }

fs::Stat to_wire(const NodeStat& s) {
  fs::Stat out{};
  out.kind = s.kind == NodeKind::Directory ? fs::NodeKind::Directory : fs::NodeKind::File;
  out.size = s.size;
  out.inode = s.inode;
  out.mode = s.mode;
  out.links = s.links;
  return out;
}

class FileSystemHandler : public server::HandleCloser {
 public:
  explicit FileSystemHandler(Server& server) : server_(server), tree_(server.tree()) {}

  Status open(const fs::FileSystemOpenParams& in, fs::FileSystemOpenResults& out) {
    if (!server_.may_open()) return Error::AccessDenied;
    auto node = tree_.open(view(in.path), in.flags, in.mode);
    if (!node) return node.error();
    OpenFile* file = make<OpenFile>(OpenFile{*node, in.flags});
    if (!file) {
      tree_.close(*node);
      return Error::NoMemory;
    }
    auto end = server_.add_channel(*file);
    if (!end) {
      tree_.close(*node);
      unmake(file);
      return end.error();
    }
    out.file = *end;
    out.stat = to_wire(Tree::stat(**node));
    return {};
  }
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
  // The tree is all there is: nothing to write back.
  Status sync(const fs::FileSystemSyncParams&, fs::FileSystemSyncResults&) { return {}; }
  // The room is what memory allows: it moves as other programs use memory.
  Status statfs(const fs::FileSystemStatfsParams&, fs::FileSystemStatfsResults& out) {
    server_.limit_blocks_to_free_memory();
    out.info.type = idl::Text("ramfs", 5);
    out.info.block_size = kBlockSize;
    out.info.blocks = tree_.block_limit();
    out.info.free_blocks = tree_.block_limit() - tree_.allocated_blocks();
    out.info.files = tree_.live_nodes();
    return {};
  }

 private:
  Server& server_;
  Tree& tree_;
};

class FileHandler : public server::HandleCloser {
 public:
  FileHandler(Server& server, FileChannel& channel)
      : server_(server), tree_(server.tree()), buffer_(channel.buffer()), file_(channel.file()) {}

  Status read(const fs::FileReadParams& in, fs::FileReadResults& out) {
    if (!readable()) return Error::AccessDenied;
    uint32_t count = in.count < Server::kMaxInlineRead ? in.count : Server::kMaxInlineRead;
    auto n = tree_.read(*file_.node, in.offset, {server_.read_scratch(), count});
    if (!n) return n.error();
    out.data = idl::Data{server_.read_scratch(), static_cast<uint32_t>(*n)};
    return {};
  }
  Status write(const fs::FileWriteParams& in, fs::FileWriteResults& out) {
    if (!writable()) return Error::AccessDenied;
    server_.limit_blocks_to_free_memory();
    auto n = tree_.write(*file_.node, write_offset(in.offset), {in.data.data, in.data.size});
    if (!n) return n.error();
    out.count = static_cast<uint32_t>(*n);
    return {};
  }
  // Read-write if the handle allows it; a read-only buffer still serves
  // writeBulk.
  Status set_buffer(const fs::FileSetBufferParams& in, fs::FileSetBufferResults&) {
    return buffer_.map(in.buffer, in.size, true);
  }
  // The dispatcher has checked the range against buffer_size, which is 0
  // without a buffer.
  Status read_bulk(const fs::FileReadBulkParams& in, fs::FileReadBulkResults& out) {
    if (!readable()) return Error::AccessDenied;
    if (in.buffer.length == 0) return {};
    if (!buffer_.writable()) return Error::AccessDenied;
    auto n = tree_.read(*file_.node, in.offset, {buffer_.data() + in.buffer.offset, in.buffer.length});
    if (!n) return n.error();
    out.count = static_cast<uint32_t>(*n);
    return {};
  }
  Status write_bulk(const fs::FileWriteBulkParams& in, fs::FileWriteBulkResults& out) {
    if (!writable()) return Error::AccessDenied;
    if (in.buffer.length == 0) return {};
    server_.limit_blocks_to_free_memory();
    auto n = tree_.write(*file_.node, write_offset(in.offset), {buffer_.data() + in.buffer.offset, in.buffer.length});
    if (!n) return n.error();
    out.count = static_cast<uint32_t>(*n);
    return {};
  }
  Status stat(const fs::FileStatParams&, fs::FileStatResults& out) {
    out.stat = to_wire(Tree::stat(*file_.node));
    return {};
  }
  Status truncate(const fs::FileTruncateParams& in, fs::FileTruncateResults&) {
    if (!writable()) return Error::AccessDenied;
    return tree_.truncate(*file_.node, in.size);
  }
  Status readdir(const fs::FileReaddirParams& in, fs::FileReaddirResults& out) {
    auto entry = tree_.readdir(*file_.node, in.index);
    if (!entry && entry.error() == Error::OutOfRange) {
      out.end = true;
      return {};
    }
    if (!entry) return entry.error();
    out.name = idl::Text(entry->name.data(), static_cast<uint32_t>(entry->name.size()));
    out.kind = entry->kind == NodeKind::Directory ? fs::NodeKind::Directory : fs::NodeKind::File;
    return {};
  }
  Status sync(const fs::FileSyncParams&, fs::FileSyncResults&) { return {}; }
  Status clone(const fs::FileCloneParams&, fs::FileCloneResults& out) {
    if (file_.channels >= Server::kMaxChannelsPerOpen) return Error::AccessDenied;
    auto end = server_.add_channel(file_);
    if (!end) return end.error();
    out.file = *end;
    return {};
  }

 private:
  bool readable() const { return (file_.flags & flags::kAccessMask) != flags::kWriteOnly; }
  bool writable() const { return flags::writes(file_.flags); }
  // O_APPEND writes at the end, whatever offset the client named.
  uint64_t write_offset(uint64_t offset) const {
    return (file_.flags & flags::kAppend) ? Tree::stat(*file_.node).size : offset;
  }

  Server& server_;
  Tree& tree_;
  server::SharedBuffer& buffer_;
  OpenFile& file_;
};

}  // namespace

Result<ipc::Handle> Server::add_channel(OpenFile& file) {
  auto end = server_.add_channel(new (std::nothrow) FileChannel(*this, file));
  if (!end) return end.error();
  if (file.channels++ == 0) ++open_files_;
  return *end;
}

void Server::limit_blocks_to_free_memory() {
  int64_t free_frames = sys::frames_free();
  uint64_t room = free_frames > int64_t(kSystemReserveFrames) ? uint64_t(free_frames) - kSystemReserveFrames : 0;
  // A block is a frame, give or take the heap's headers. The heap keeps the
  // memory of freed blocks (it never unmaps a pool), so as many blocks as
  // were ever held fit without taking a frame from the system.
  tree_.set_block_limit(tree_.peak_blocks() + room);
}

void Server::channel_closed(OpenFile& file) {
  if (--file.channels > 0) return;
  tree_.close(file.node);
  unmake(&file);
  --open_files_;
}

Status Server::serve(ipc::Handle file_system_end) {
  auto key = server_.add(file_system_end, this);
  return key ? Status{} : Status(key.error());
}

void Server::on_call(server::Call& call) {
  FileSystemHandler handler(*this);
  fs::dispatch_file_system(handler, call.message());
}

void FileChannel::on_call(server::Call& call) {
  FileHandler handler(server_, *this);
  fs::dispatch_file(handler, call.message(), buffer_.size());
}

void FileChannel::on_closed() { server_.channel_closed(file_); }

}  // namespace ramfs
