// The fatfs FileSystem and File handlers; see server.h.
#include "server.h"

#include <stdio.h>
#include <stdlib.h>

#include <new>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"

namespace fatfs {

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
  explicit FileSystemHandler(Server& server) : server_(server), volume_(server.volume()) {}

  Status open(const fs::FileSystemOpenParams& in, fs::FileSystemOpenResults& out) {
    if (!server_.may_open()) return Error::AccessDenied;
    auto node = volume_.open(view(in.path), in.flags);
    if (!node) return node.error();
    void* memory = malloc(sizeof(OpenFile));
    if (!memory) {
      (void)volume_.close(*node);
      return Error::NoMemory;
    }
    OpenFile* file = new (memory) OpenFile{*node, in.flags};
    auto end = server_.add_channel(*file);
    if (!end) {
      (void)volume_.close(*node);
      free(file);
      return end.error();
    }
    out.file = *end;
    out.stat = to_wire(volume_.stat(**node));
    return {};
  }
  Status stat(const fs::FileSystemStatParams& in, fs::FileSystemStatResults& out) {
    auto s = volume_.stat(view(in.path));
    if (!s) return s.error();
    out.stat = to_wire(*s);
    return {};
  }
  Status mkdir(const fs::FileSystemMkdirParams& in, fs::FileSystemMkdirResults&) {
    return volume_.mkdir(view(in.path));
  }
  Status rmdir(const fs::FileSystemRmdirParams& in, fs::FileSystemRmdirResults&) {
    return volume_.rmdir(view(in.path));
  }
  Status unlink(const fs::FileSystemUnlinkParams& in, fs::FileSystemUnlinkResults&) {
    return volume_.unlink(view(in.path));
  }
  Status rename(const fs::FileSystemRenameParams& in, fs::FileSystemRenameResults&) {
    return volume_.rename(view(in.from), view(in.to));
  }
  Status sync(const fs::FileSystemSyncParams&, fs::FileSystemSyncResults&) { return volume_.sync(); }
  // FAT keeps no count of its files: `files` would need a walk of the
  // whole tree, so statfs says 0 (unknown).
  Status statfs(const fs::FileSystemStatfsParams&, fs::FileSystemStatfsResults& out) {
    const char* type = fat_type_name(volume_.geometry().type);
    Space space = volume_.space();
    out.info.type = idl::Text(type, 5);
    out.info.block_size = space.cluster_bytes;
    out.info.blocks = space.clusters;
    out.info.free_blocks = space.free;
    out.info.files = 0;
    return {};
  }

 private:
  Server& server_;
  Volume& volume_;
};

class FileHandler : public server::HandleCloser {
 public:
  FileHandler(Server& server, FileChannel& channel)
      : server_(server), volume_(server.volume()), buffer_(channel.buffer()), file_(channel.file()) {}

  Status read(const fs::FileReadParams& in, fs::FileReadResults& out) {
    if (!readable()) return Error::AccessDenied;
    uint32_t count = in.count < Server::kMaxInlineRead ? in.count : Server::kMaxInlineRead;
    auto n = volume_.read(*file_.node, in.offset, server_.read_scratch(), count);
    if (!n) return n.error();
    out.data = idl::Data{server_.read_scratch(), *n};
    return {};
  }
  Status write(const fs::FileWriteParams& in, fs::FileWriteResults& out) {
    if (!writable()) return Error::AccessDenied;
    auto n = volume_.write(*file_.node, write_offset(in.offset), in.data.data, in.data.size);
    if (!n) return n.error();
    out.count = *n;
    return {};
  }
  Status set_buffer(const fs::FileSetBufferParams& in, fs::FileSetBufferResults&) {
    return buffer_.map(in.buffer, in.size, true);
  }
  // The dispatcher has checked the range against the buffer's size.
  Status read_bulk(const fs::FileReadBulkParams& in, fs::FileReadBulkResults& out) {
    if (!readable()) return Error::AccessDenied;
    if (in.buffer.length == 0) return {};
    if (!buffer_.writable()) return Error::AccessDenied;
    auto n = volume_.read(*file_.node, in.offset, buffer_.data() + in.buffer.offset, in.buffer.length);
    if (!n) return n.error();
    out.count = *n;
    return {};
  }
  Status write_bulk(const fs::FileWriteBulkParams& in, fs::FileWriteBulkResults& out) {
    if (!writable()) return Error::AccessDenied;
    if (in.buffer.length == 0) return {};
    auto n = volume_.write(*file_.node, write_offset(in.offset), buffer_.data() + in.buffer.offset, in.buffer.length);
    if (!n) return n.error();
    out.count = *n;
    return {};
  }
  Status stat(const fs::FileStatParams&, fs::FileStatResults& out) {
    out.stat = to_wire(volume_.stat(*file_.node));
    return {};
  }
  Status truncate(const fs::FileTruncateParams& in, fs::FileTruncateResults&) {
    if (!writable()) return Error::AccessDenied;
    return volume_.truncate(*file_.node, in.size);
  }
  Status readdir(const fs::FileReaddirParams& in, fs::FileReaddirResults& out) {
    auto entry = volume_.readdir(*file_.node, in.index);
    if (!entry && entry.error() == Error::OutOfRange) {
      out.end = true;
      return {};
    }
    if (!entry) return entry.error();
    // A long name of 255 UCS-2 characters may take more UTF-8 bytes than
    // the protocol carries.
    if (entry->name.size() > 255) return Error::NameTooLong;
    out.name = idl::Text(entry->name.data(), uint32_t(entry->name.size()));
    out.kind = entry->kind == NodeKind::Directory ? fs::NodeKind::Directory : fs::NodeKind::File;
    return {};
  }
  // The volume is written back as a whole: its FAT and directories are
  // shared by every file, and the cache orders them.
  Status sync(const fs::FileSyncParams&, fs::FileSyncResults&) { return volume_.sync(); }
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
  uint64_t write_offset(uint64_t offset) const {
    return (file_.flags & flags::kAppend) ? volume_.stat(*file_.node).size : offset;
  }

  Server& server_;
  Volume& volume_;
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

void Server::channel_closed(OpenFile& file) {
  if (--file.channels > 0) return;
  // Nobody is left to tell if the entry could not be written: say it here.
  if (Status s = volume_.close(file.node); !s) printf("fatfs: closing a file: %s\n", abi::error_name(s.error()));
  free(&file);
  --open_files_;
  // The write-back timer is a source too: the loop would not end by itself.
  if (unmounted_ && open_files_ == 0) server_.stop(0);
}

Status Server::serve(ipc::Handle file_system_end) {
  auto key = server_.add(file_system_end, this);
  return key ? Status{} : Status(key.error());
}

void Server::on_call(server::Call& call) {
  FileSystemHandler handler(*this);
  fs::dispatch_file_system(handler, call.message());
}

void Server::on_closed() {
  Status s = volume_.sync();
  if (!s) printf("fatfs: writing back at unmount: %s\n", abi::error_name(s.error()));
  unmounted_ = true;
  if (open_files_ == 0) server_.stop(0);
}

void FileChannel::on_call(server::Call& call) {
  FileHandler handler(server_, *this);
  fs::dispatch_file(handler, call.message(), buffer_.size());
}

void FileChannel::on_closed() { server_.channel_closed(file_); }

}  // namespace fatfs
