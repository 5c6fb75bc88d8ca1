// The fatfs server: FileSystem (idl/fs.capnp) on the channel it was started
// with, File on a channel per open, over a mounted Volume — the same
// protocol as ramfs, so vfs mounts it like any other file system.
//
// Every request goes through the generated dispatcher (a malformed one gets
// an error reply and never reaches a handler) and is served to the end
// before the next: the volume and its cache are not shared between
// threads. Opens of one entry share the Volume's Node; an open and its
// clones share an OpenFile; each channel has its own shared buffer.
// Limits, as ramfs's: kMaxOpenFiles opens for the FileSystem client,
// kMaxChannelsPerOpen channels per open; past them, AccessDenied.
#pragma once

#include <cstdint>

#include "ipc/message.h"
#include "result.h"
#include "server/server.h"
#include "server/shared_buffer.h"
#include "volume.h"

namespace fatfs {

struct OpenFile {
  Node* node;
  uint32_t flags;
  uint32_t channels = 0;
};

class Server;

class FileChannel final : public server::Source {
 public:
  FileChannel(Server& server, OpenFile& file) : server_(server), file_(file) {}
  void on_call(server::Call& call) override;
  void on_closed() override;
  OpenFile& file() { return file_; }
  server::SharedBuffer& buffer() { return buffer_; }

 private:
  Server& server_;
  OpenFile& file_;
  server::SharedBuffer buffer_;
};

class Server final : public server::Source {
 public:
  static constexpr uint32_t kMaxInlineRead = 3072;
  static constexpr uint32_t kMaxOpenFiles = 512;
  static constexpr uint32_t kMaxChannelsPerOpen = 16;

  Server(server::Server& server, Volume& volume) : server_(server), volume_(volume) {}

  Status serve(ipc::Handle file_system_end);
  void on_call(server::Call& call) override;
  // The FileSystem client (vfs) went: unmount, which writes everything
  // back; the server stops when the last open file goes too.
  void on_closed() override;

  Volume& volume() { return volume_; }
  bool may_open() const { return open_files_ < kMaxOpenFiles; }
  Result<ipc::Handle> add_channel(OpenFile& file);
  void channel_closed(OpenFile& file);
  uint8_t* read_scratch() { return read_scratch_; }

 private:
  server::Server& server_;
  Volume& volume_;
  uint32_t open_files_ = 0;
  bool unmounted_ = false;
  uint8_t read_scratch_[kMaxInlineRead];
};

}  // namespace fatfs
