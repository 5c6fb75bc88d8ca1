// ramfs's tree as the file server sees it (server/file_tree.h): the
// FileSystem and File protocol, channels and limits are libserver's
// TreeFileServer; what is ramfs's own is memory.
//
// File data may not take the machine's last kSystemReserveFrames free
// frames: other programs' stacks and the kernel need them, so a full file
// system answers NoSpace long before anyone else runs out. The room moves as
// other programs use memory, so it is measured again before every write and
// statfs, and set anew when the count of free frames has changed.
#pragma once

#include <cstdint>

#include "server/file_tree.h"
#include "server/tree_files.h"
#include "tree.h"

namespace ramfs {

// vfs opens for every program, so open_files bounds all programs' opens
// of this file system together: a backstop against a runaway, far above
// what a machine of this size holds open.
constexpr server::TreeFiles::Limits kLimits{.open_files = 8192, .channels_per_open = 16};

class MemoryTree final : public server::FileTree {
 public:
  static constexpr uint64_t kSystemReserveFrames = 1024;  // 4 MiB

  explicit MemoryTree(Tree& tree) : tree_(tree) {}

  Result<server::TreeNode*> open(std::string_view path, uint32_t flags, uint32_t mode) override;
  Status close(server::TreeNode* node) override;
  Result<NodeStat> stat(std::string_view path) override { return tree_.stat(path); }
  Status mkdir(std::string_view path, uint32_t mode) override { return tree_.mkdir(path, mode); }
  Status rmdir(std::string_view path) override { return tree_.rmdir(path); }
  Status unlink(std::string_view path) override { return tree_.unlink(path); }
  Status rename(std::string_view from, std::string_view to) override { return tree_.rename(from, to); }
  NodeStat stat(server::TreeNode& node) override;
  Result<uint32_t> read(server::TreeNode& node, uint64_t offset, std::span<uint8_t> out) override;
  Result<uint32_t> write(server::TreeNode& node, uint64_t offset, std::span<const uint8_t> data) override;
  Status truncate(server::TreeNode& node, uint64_t size) override;
  Result<DirEntry> readdir(server::TreeNode& node, uint32_t index) override;
  Status set_attributes(server::TreeNode& node, const server::Attributes& attributes) override;
  server::TreeSpace space() override;

 private:
  // Sets the tree's block limit so that writes leave the reserve free.
  void limit_blocks_to_free_memory();

  Tree& tree_;
};

}  // namespace ramfs
