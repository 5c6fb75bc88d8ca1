// What the virtio-blk driver agrees with a device, before it serves it:
// the features it accepts of those offered, and the disk's shape from the
// device's configuration, each checked. A device the driver cannot drive
// is refused with the reason, for the log line. Pure logic, host-tested
// (tests/host/virtio_blk_test.cc).
#pragma once

#include <cstdint>

namespace virtio {

namespace feature {
constexpr uint64_t kSizeMax = 1ull << 1;    // VIRTIO_BLK_F_SIZE_MAX: size_max bounds one segment
constexpr uint64_t kSegMax = 1ull << 2;     // VIRTIO_BLK_F_SEG_MAX: seg_max bounds segments a request
constexpr uint64_t kReadOnly = 1ull << 5;   // VIRTIO_BLK_F_RO
constexpr uint64_t kBlockSize = 1ull << 6;  // VIRTIO_BLK_F_BLK_SIZE: blk_size is the logical block
constexpr uint64_t kFlush = 1ull << 9;      // VIRTIO_BLK_F_FLUSH (legacy: WCE): a write cache to flush
constexpr uint64_t kVersion1 = 1ull << 32;  // VIRTIO_F_VERSION_1: the virtio 1.x interface
}  // namespace feature

struct Features {
  uint64_t accepted = 0;
  const char* refusal = nullptr;  // set: the device cannot be driven
};

// mmio_version: 1 (legacy) or 2 (virtio 1.x). A legacy device shows only
// the low 32 bits; a version 2 device must offer VERSION_1.
Features negotiate_features(uint32_t mmio_version, uint64_t offered);

// The virtio-blk configuration fields the driver reads (only those whose
// feature was accepted are meaningful).
struct BlockConfig {
  uint64_t capacity;  // in 512-byte sectors, whatever the block size
  uint32_t size_max;
  uint32_t seg_max;
  uint32_t blk_size;
};

struct Geometry {
  uint32_t block_size = 0;
  uint64_t block_count = 0;
  uint32_t max_blocks = 0;  // one request's most
  bool read_only = false;
  bool flush = false;  // the device has a write cache: flush reaches it
  const char* refusal = nullptr;
};

// The disk the driver serves, with requests of at most transfer_bytes
// each (its bounce buffer per request, a multiple of 4096).
Geometry describe_disk(uint64_t accepted, const BlockConfig& config, uint32_t transfer_bytes);

}  // namespace virtio
