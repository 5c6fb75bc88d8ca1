// A mounted Volume as the file server sees it (server/file_tree.h): the
// FileSystem and File protocol, channels and limits are libserver's
// TreeFileServer, so vfs mounts fatfs like any other file system. Opens of
// one entry share the Volume's Node.
//
// The volume is written back as a whole (its FAT and directories are shared
// by every file, and the cache orders them): File.sync and FileSystem.sync
// both sync it, and so does vfs's unmount.
#pragma once

#include "ipc_block_device.h"
#include "server/file_tree.h"
#include "server/tree_files.h"
#include "volume.h"

namespace fatfs {

constexpr server::TreeFiles::Limits kLimits{.open_files = 512, .channels_per_open = 16};

class VolumeTree final : public server::FileTree {
 public:
  VolumeTree(Volume& volume, IpcBlockDevice& device) : volume_(volume), device_(device) {}

  // FAT keeps no permissions: mode is not kept.
  Result<server::TreeNode*> open(std::string_view path, uint32_t flags, uint32_t mode) override;
  Status close(server::TreeNode* node) override { return volume_.close(&node_of(*node)); }
  Result<NodeStat> stat(std::string_view path) override { return volume_.stat(path); }
  Status mkdir(std::string_view path, uint32_t mode) override { return volume_.mkdir(path); }
  Status rmdir(std::string_view path) override { return volume_.rmdir(path); }
  Status unlink(std::string_view path) override { return volume_.unlink(path); }
  Status rename(std::string_view from, std::string_view to) override { return volume_.rename(from, to); }
  NodeStat stat(server::TreeNode& node) override { return volume_.stat(node_of(node)); }
  Result<uint32_t> read(server::TreeNode& node, uint64_t offset, std::span<uint8_t> out) override;
  Result<uint32_t> write(server::TreeNode& node, uint64_t offset, std::span<const uint8_t> data) override;
  Status truncate(server::TreeNode& node, uint64_t size) override { return volume_.truncate(node_of(node), size); }
  Result<DirEntry> readdir(server::TreeNode& node, uint32_t index) override {
    return volume_.readdir(node_of(node), index);
  }
  Status set_attributes(server::TreeNode& node, const server::Attributes& attributes) override {
    return volume_.set_attributes(node_of(node), attributes);
  }
  Status sync() override { return volume_.sync(); }
  // FAT keeps no count of its files: it would take a walk of the whole
  // tree, so `files` is 0 (unknown).
  server::TreeSpace space() override;
  // Clients' buffers go to the driver too: file data in runs moves between
  // the device and them without a copy here (ipc_block_device.h).
  bool shares_buffers() const override { return true; }
  void buffer_shared(uint32_t membuf, std::span<uint8_t> mapped, bool writable) override {
    device_.share(membuf, mapped, writable);
  }
  void buffer_unshared(std::span<uint8_t> mapped) override { device_.unshare(mapped.data()); }

 private:
  static Node& node_of(server::TreeNode& node) { return static_cast<Node&>(node); }

  Volume& volume_;
  IpcBlockDevice& device_;
};

}  // namespace fatfs
