// The ramfs server loop and the FileSystem and File handlers; see server.h.
#include "server.h"

#include "abi/syscall.h"
#include "alloc.h"
#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/syscall.h"

namespace ramfs {

namespace {

namespace fs = idl::fs;
namespace flags = ipc::open_flags;

constexpr uint64_t kFileSystemBadge = 0;

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

void close_all(const ipc::Handle* handles, uint32_t count) {
  for (uint32_t i = 0; i < count; ++i) (void)ipc::close(handles[i]);
}

class FileSystemHandler {
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
    auto end = server_.add_channel(file);
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
  void drop_handles(const ipc::Handle* handles, uint32_t count) { close_all(handles, count); }

 private:
  Server& server_;
  Tree& tree_;
};

class FileHandler {
 public:
  FileHandler(Server& server, FileChannel& channel)
      : server_(server), tree_(server.tree()), channel_(channel), file_(*channel.file) {}

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
  Status set_buffer(const fs::FileSetBufferParams& in, fs::FileSetBufferResults&) {
    if (in.size == 0) {
      (void)ipc::close(in.buffer);
      return Error::InvalidArgument;
    }
    // Read-write if the handle allows it; a read-only buffer still serves
    // writeBulk.
    bool writable = true;
    int64_t address = sys::membuf_map(in.buffer, 0, 0, in.size, abi::kProtRead | abi::kProtWrite);
    if (address == static_cast<int64_t>(Error::AccessDenied)) {
      writable = false;
      address = sys::membuf_map(in.buffer, 0, 0, in.size, abi::kProtRead);
    }
    // The mapping holds the buffer.
    (void)ipc::close(in.buffer);
    if (sys::failed(address)) return sys::error_of(address);
    unmap_buffer(channel_);
    channel_.buffer = reinterpret_cast<uint8_t*>(address);
    channel_.buffer_size = in.size;
    channel_.buffer_writable = writable;
    return {};
  }
  // The dispatcher has checked the range against buffer_size, which is 0
  // without a buffer.
  Status read_bulk(const fs::FileReadBulkParams& in, fs::FileReadBulkResults& out) {
    if (!readable()) return Error::AccessDenied;
    if (in.buffer.length == 0) return {};
    if (!channel_.buffer_writable) return Error::AccessDenied;
    auto n = tree_.read(*file_.node, in.offset, {channel_.buffer + in.buffer.offset, in.buffer.length});
    if (!n) return n.error();
    out.count = static_cast<uint32_t>(*n);
    return {};
  }
  Status write_bulk(const fs::FileWriteBulkParams& in, fs::FileWriteBulkResults& out) {
    if (!writable()) return Error::AccessDenied;
    if (in.buffer.length == 0) return {};
    server_.limit_blocks_to_free_memory();
    auto n = tree_.write(*file_.node, write_offset(in.offset), {channel_.buffer + in.buffer.offset, in.buffer.length});
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
  Status clone(const fs::FileCloneParams&, fs::FileCloneResults& out) {
    if (file_.channels >= Server::kMaxChannelsPerOpen) return Error::AccessDenied;
    auto end = server_.add_channel(&file_);
    if (!end) return end.error();
    out.file = *end;
    return {};
  }
  void drop_handles(const ipc::Handle* handles, uint32_t count) { close_all(handles, count); }

  static void unmap_buffer(FileChannel& channel) {
    if (!channel.buffer) return;
    sys::mem_unmap(reinterpret_cast<uint64_t>(channel.buffer), channel.buffer_size);
    channel.buffer = nullptr;
    channel.buffer_size = 0;
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
  FileChannel& channel_;
  OpenFile& file_;
};

}  // namespace

Result<ipc::Handle> Server::add_channel(OpenFile* file) {
  auto pair = ipc::channel_create();
  if (!pair) return pair.error();
  FileChannel* channel = make<FileChannel>(FileChannel{pair->a, file});
  Status bound = channel ? ipc::port_bind(port_, pair->a, reinterpret_cast<uint64_t>(channel)) : Error::NoMemory;
  if (!bound) {
    (void)ipc::close(pair->a);
    (void)ipc::close(pair->b);
    if (channel) unmake(channel);
    return bound.error();
  }
  if (file->channels++ == 0) ++open_files_;
  ++live_channels_;
  return pair->b;
}

void Server::limit_blocks_to_free_memory() {
  int64_t free_frames = sys::frames_free();
  uint64_t room = free_frames > int64_t(kSystemReserveFrames) ? uint64_t(free_frames) - kSystemReserveFrames : 0;
  // A block is a frame, give or take the heap's headers. The heap keeps the
  // memory of freed blocks (it never unmaps a pool), so as many blocks as
  // were ever held fit without taking a frame from the system.
  tree_.set_block_limit(tree_.peak_blocks() + room);
}

void Server::close_channel(FileChannel* channel) {
  (void)ipc::close(channel->end);
  FileHandler::unmap_buffer(*channel);
  OpenFile* file = channel->file;
  if (--file->channels == 0) {
    tree_.close(file->node);
    unmake(file);
    --open_files_;
  }
  unmake(channel);
  --live_channels_;
}

void Server::serve_call(uint64_t badge) {
  ipc::Message& message = ipc::buffer();
  if (badge == kFileSystemBadge) {
    FileSystemHandler handler(*this);
    fs::dispatch_file_system(handler, message);
    return;
  }
  auto* channel = reinterpret_cast<FileChannel*>(badge);
  FileHandler handler(*this, *channel);
  fs::dispatch_file(handler, message, channel->buffer_size);
}

int Server::run(ipc::Handle file_system_end) {
  auto port = ipc::port_create();
  if (!port) return 1;
  port_ = *port;
  if (!ipc::port_bind(port_, file_system_end, kFileSystemBadge)) return 1;
  bool file_system_open = true;
  ipc::Event event = ipc::port_wait(port_);
  for (;;) {
    if (!event.ok()) return 1;
    if (event.kind() == abi::EventKind::Call) {
      ipc::Message& message = ipc::take(event);
      serve_call(event.badge);
      event = ipc::reply_wait(port_, message);
      if (event.ok()) continue;
      // The kernel refused the reply (its handles): answer with the error
      // alone, so the caller is not left waiting.
      close_all(message.handles, message.handle_count);
      uint64_t words[4] = {uint64_t{static_cast<uint16_t>(message.data[0] | message.data[1] << 8)} |
                               uint64_t{static_cast<uint32_t>(event.error())} << 32,
                           0, 0, 0};
      (void)ipc::reply(abi::make_info(8, 0), words);
    } else if (event.kind() == abi::EventKind::PeerClosed) {
      if (event.badge == kFileSystemBadge) {
        (void)ipc::close(file_system_end);
        file_system_open = false;
      } else {
        close_channel(reinterpret_cast<FileChannel*>(event.badge));
      }
    } else {
      // An asynchronous message: the protocol has none; drop its handles.
      ipc::Message& message = ipc::take(event);
      close_all(message.handles, message.handle_count);
    }
    if (!file_system_open && live_channels_ == 0) return 0;
    event = ipc::port_wait(port_);
  }
}

}  // namespace ramfs
