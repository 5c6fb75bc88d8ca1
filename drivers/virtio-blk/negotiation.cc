#include "negotiation.h"

namespace virtio {

namespace {

constexpr uint32_t kSector = 512;
constexpr uint32_t kLargestBlock = 64 * 1024;

// Each request's data is one contiguous segment, so any seg_max of at
// least 1 is enough, and size_max only bounds the transfer.
constexpr uint64_t kWanted =
    feature::kSizeMax | feature::kSegMax | feature::kReadOnly | feature::kBlockSize | feature::kFlush;

bool power_of_two(uint32_t n) { return n && !(n & (n - 1)); }

}  // namespace

Features negotiate_features(uint32_t mmio_version, uint64_t offered) {
  if (mmio_version == 1) return {offered & kWanted & 0xffffffffu, nullptr};
  if (mmio_version != 2) return {0, "unknown virtio-mmio version"};
  if (!(offered & feature::kVersion1)) return {0, "a version 2 device without VIRTIO_F_VERSION_1"};
  return {offered & (kWanted | feature::kVersion1), nullptr};
}

Geometry describe_disk(uint64_t accepted, const BlockConfig& config, uint32_t transfer_bytes) {
  Geometry g;
  g.block_size = accepted & feature::kBlockSize ? config.blk_size : kSector;
  if (!power_of_two(g.block_size) || g.block_size < kSector || g.block_size > kLargestBlock) {
    g.refusal = "block size is not a power of two from 512 to 65536";
    return g;
  }
  if ((accepted & feature::kSegMax) && config.seg_max == 0) {
    g.refusal = "seg_max is 0: no request fits";
    return g;
  }
  uint32_t transfer = transfer_bytes;
  if ((accepted & feature::kSizeMax) && config.size_max < transfer) transfer = config.size_max;
  g.max_blocks = transfer / g.block_size;
  if (g.max_blocks == 0) {
    g.refusal = "size_max is below one block";
    return g;
  }
  g.block_count = config.capacity / (g.block_size / kSector);
  g.read_only = accepted & feature::kReadOnly;
  g.flush = accepted & feature::kFlush;
  return g;
}

}  // namespace virtio
