// ramfs's tree for the file server; see server.h.
#include "server.h"

#include "ipc/syscall.h"
#include "node.h"

namespace ramfs {

Result<server::TreeNode*> MemoryTree::open(std::string_view path, uint32_t flags, uint32_t mode) {
  auto node = tree_.open(path, flags, mode);
  if (!node) return node.error();
  return tree_node_of(*node);
}

Status MemoryTree::close(server::TreeNode* node) {
  tree_.close(&node_of(*node));
  return {};
}

NodeStat MemoryTree::stat(server::TreeNode& node) { return Tree::stat(node_of(node)); }

Result<uint32_t> MemoryTree::read(server::TreeNode& node, uint64_t offset, std::span<uint8_t> out) {
  return tree_.read(node_of(node), offset, out);
}

Result<uint32_t> MemoryTree::write(server::TreeNode& node, uint64_t offset, std::span<const uint8_t> data) {
  limit_blocks_to_free_memory();
  auto n = tree_.write(node_of(node), offset, data);
  if (!n) return n.error();
  return uint32_t(*n);
}

Status MemoryTree::truncate(server::TreeNode& node, uint64_t size) { return tree_.truncate(node_of(node), size); }

Result<DirEntry> MemoryTree::readdir(server::TreeNode& node, uint32_t index) {
  return tree_.readdir(node_of(node), index);
}

Status MemoryTree::set_attributes(server::TreeNode& node, const server::Attributes& attributes) {
  tree_.set_attributes(node_of(node), attributes);
  return {};
}

server::TreeSpace MemoryTree::space() {
  limit_blocks_to_free_memory();
  return {"ramfs", kBlockSize, tree_.block_limit(), tree_.block_limit() - tree_.allocated_blocks(),
          tree_.live_nodes()};
}

void MemoryTree::limit_blocks_to_free_memory() {
  int64_t free_frames = sys::frames_free();
  uint64_t room = free_frames > int64_t(kSystemReserveFrames) ? uint64_t(free_frames) - kSystemReserveFrames : 0;
  // A block is a frame. The blocks the tree holds and those its pool has
  // spare are charged already (block_pool.h), so these and the frames
  // free above the reserve are all a write may take.
  tree_.set_block_limit(tree_.allocated_blocks() + tree_.spare_blocks() + room);
}

}  // namespace ramfs
