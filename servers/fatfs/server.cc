// The Volume for the file server; see server.h.
#include "server.h"

namespace fatfs {

Result<server::TreeNode*> VolumeTree::open(std::string_view path, uint32_t flags, uint32_t) {
  auto node = volume_.open(path, flags);
  if (!node) return node.error();
  return *node;
}

Result<uint32_t> VolumeTree::read(server::TreeNode& node, uint64_t offset, std::span<uint8_t> out) {
  return volume_.read(node_of(node), offset, out.data(), uint32_t(out.size()));
}

Result<uint32_t> VolumeTree::write(server::TreeNode& node, uint64_t offset, std::span<const uint8_t> data) {
  return volume_.write(node_of(node), offset, data.data(), uint32_t(data.size()));
}

server::TreeSpace VolumeTree::space() {
  Space space = volume_.space();
  return {fat_type_name(volume_.geometry().type), space.cluster_bytes, space.clusters, space.free, 0};
}

}  // namespace fatfs
