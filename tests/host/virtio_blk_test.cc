// drivers/virtio-blk's pure parts: the split virtqueue against a device
// model that walks the rings as the virtio spec says a device does, feature
// negotiation and the disk's shape, and the checks on every transfer.
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "../../drivers/virtio-blk/negotiation.h"
#include "../../drivers/virtio-blk/transfer_check.h"
#include "../../drivers/virtio-blk/virtqueue.h"

using namespace virtio;

namespace {

// The device's side of a queue in plain memory: takes offered chains in
// order and completes them when told, in any order.
struct DeviceModel {
  struct Descriptor {
    uint64_t address;
    uint32_t length;
    uint16_t flags;
    uint16_t next;
  };
  uint8_t* memory;
  uint16_t size;
  QueueLayout layout;
  uint16_t avail_seen = 0;
  uint16_t used_published = 0;

  uint16_t* avail() { return reinterpret_cast<uint16_t*>(memory + layout.avail_offset); }
  uint16_t* used() { return reinterpret_cast<uint16_t*>(memory + layout.used_offset); }
  Descriptor* table() { return reinterpret_cast<Descriptor*>(memory); }

  // The next offered chain: its descriptors in order.
  std::vector<Descriptor> take(uint16_t& head) {
    REQUIRE(avail()[1] != avail_seen);
    head = avail()[2 + avail_seen % size];
    ++avail_seen;
    std::vector<Descriptor> chain;
    for (uint16_t d = head;; d = table()[d].next) {
      chain.push_back(table()[d]);
      if (!(table()[d].flags & 1)) break;
      REQUIRE(chain.size() <= size);
    }
    return chain;
  }
  void complete(uint16_t head, uint32_t written) {
    auto* ring = reinterpret_cast<uint32_t*>(memory + layout.used_offset + 4);
    ring[2 * (used_published % size)] = head;
    ring[2 * (used_published % size) + 1] = written;
    used()[1] = ++used_published;
  }
};

struct Queue {
  explicit Queue(uint16_t size)
      : layout(queue_layout(size)),
        memory(static_cast<uint8_t*>(aligned_alloc(4096, layout.bytes))),
        queue((memset(memory, 0, layout.bytes), memory), 0x80400000, size),
        device{memory, size, layout} {}
  ~Queue() { free(memory); }
  QueueLayout layout;
  uint8_t* memory;
  Virtqueue queue;
  DeviceModel device;
};

}  // namespace

TEST_CASE("the queue layout puts the used ring on its own page, as legacy virtio-mmio needs") {
  QueueLayout small = queue_layout(64);
  CHECK(small.avail_offset == 64 * 16);
  CHECK(small.used_offset == 4096);
  CHECK(small.bytes == 8192);
  QueueLayout large = queue_layout(256);
  CHECK(large.avail_offset == 4096);
  CHECK(large.used_offset == 8192);  // 4096 + 6 + 512 rounded up
  CHECK(large.bytes == 12288);
}

TEST_CASE("a chain offered is seen by the device with its addresses, lengths and directions") {
  Queue q(8);
  CHECK(q.queue.avail_physical() == 0x80400000 + 8 * 16);
  const Segment request[] = {{0x1000, 16, false}, {0x2000, 4096, true}, {0x3000, 1, true}};
  q.queue.submit(3, request, 3);
  uint16_t head = 0;
  auto chain = q.device.take(head);
  CHECK(head == 3);
  REQUIRE(chain.size() == 3);
  CHECK(chain[0].address == 0x1000);
  CHECK(chain[0].length == 16);
  CHECK(chain[0].flags == 1);  // next, device reads
  CHECK(chain[1].flags == 3);  // next, device writes
  CHECK(chain[2].flags == 2);  // last, device writes
  CHECK(chain[2].address == 0x3000);
  uint32_t written = 0;
  CHECK_FALSE(q.queue.next_used(head, written));
  q.device.complete(3, 4097);
  REQUIRE(q.queue.next_used(head, written));
  CHECK(head == 3);
  CHECK(written == 4097);
  CHECK_FALSE(q.queue.next_used(head, written));
}

TEST_CASE("completions out of order come back in the device's order, across index wrap-around") {
  Queue q(4);
  const Segment one[] = {{0x1000, 512, true}, {0x5000, 1, true}};
  for (int round = 0; round < 70000 / 2; ++round) {  // the 16-bit indexes wrap
    q.queue.submit(0, one, 2);
    q.queue.submit(2, one, 2);
    uint16_t a = 0, b = 0;
    q.device.take(a);
    q.device.take(b);
    q.device.complete(b, 1);
    q.device.complete(a, 1);
    uint16_t head = 0;
    uint32_t written = 0;
    REQUIRE(q.queue.next_used(head, written));
    REQUIRE(head == 2);
    REQUIRE(q.queue.next_used(head, written));
    REQUIRE(head == 0);
    REQUIRE_FALSE(q.queue.next_used(head, written));
  }
}

TEST_CASE("features: the driver takes what it knows of what the device offers") {
  uint64_t all = ~0ull;
  Features legacy = negotiate_features(1, all);
  CHECK(legacy.refusal == nullptr);
  CHECK(legacy.accepted ==
        (feature::kSizeMax | feature::kSegMax | feature::kReadOnly | feature::kBlockSize | feature::kFlush));
  Features modern = negotiate_features(2, all);
  CHECK(modern.refusal == nullptr);
  CHECK((modern.accepted & feature::kVersion1));
  CHECK(negotiate_features(2, feature::kVersion1 | feature::kFlush).accepted == (feature::kVersion1 | feature::kFlush));
  CHECK(negotiate_features(2, feature::kFlush).refusal != nullptr);  // no VERSION_1
  CHECK(negotiate_features(3, all).refusal != nullptr);
}

TEST_CASE("the disk's shape: block size, count, transfer bound, read-only, refusals") {
  BlockConfig config{2048, 0, 0, 0};  // 1 MiB
  Geometry plain = describe_disk(0, config, 65536);
  CHECK(plain.refusal == nullptr);
  CHECK(plain.block_size == 512);
  CHECK(plain.block_count == 2048);
  CHECK(plain.max_blocks == 128);
  CHECK_FALSE(plain.read_only);
  CHECK_FALSE(plain.flush);

  config.blk_size = 4096;
  Geometry large = describe_disk(feature::kBlockSize | feature::kReadOnly | feature::kFlush, config, 65536);
  CHECK(large.block_size == 4096);
  CHECK(large.block_count == 256);  // capacity stays in 512-byte sectors
  CHECK(large.max_blocks == 16);
  CHECK(large.read_only);
  CHECK(large.flush);

  config.size_max = 8192;
  CHECK(describe_disk(feature::kSizeMax, config, 65536).max_blocks == 16);
  config.size_max = 100;
  CHECK(describe_disk(feature::kSizeMax, config, 65536).refusal != nullptr);
  config.seg_max = 0;
  CHECK(describe_disk(feature::kSegMax, config, 65536).refusal != nullptr);
  for (uint32_t bad : {0u, 256u, 1000u, 131072u}) {
    config.blk_size = bad;
    CHECK(describe_disk(feature::kBlockSize, config, 65536).refusal != nullptr);
  }
}

TEST_CASE("transfers are refused with the error idl/block.capnp names, and the last block is reachable") {
  Geometry disk = describe_disk(0, BlockConfig{2048, 0, 0, 0}, 65536);
  const uint32_t kBuffer = 65536;
  using abi::Error;
  CHECK(check_transfer(disk, kBuffer, true, {0, 1, 0, false}) == Error::Ok);
  CHECK(check_transfer(disk, kBuffer, true, {2047, 1, 0, true}) == Error::Ok);
  CHECK(check_transfer(disk, kBuffer, true, {1920, 128, 0, false}) == Error::Ok);
  CHECK(check_transfer(disk, kBuffer, true, {2048, 1, 0, false}) == Error::OutOfRange);
  CHECK(check_transfer(disk, kBuffer, true, {2047, 2, 0, false}) == Error::OutOfRange);
  CHECK(check_transfer(disk, kBuffer, true, {~0ull, 1, 0, false}) == Error::OutOfRange);  // no wrap-around
  CHECK(check_transfer(disk, kBuffer, true, {0, 0, 0, false}) == Error::InvalidArgument);
  CHECK(check_transfer(disk, kBuffer, true, {0, 129, 0, false}) == Error::InvalidArgument);
  CHECK(check_transfer(disk, 0, true, {0, 1, 0, false}) == Error::InvalidArgument);  // no buffer
  CHECK(check_transfer(disk, kBuffer, true, {0, 1, kBuffer - 512, false}) == Error::Ok);
  CHECK(check_transfer(disk, kBuffer, true, {0, 1, kBuffer - 511, false}) == Error::OutOfRange);
  CHECK(check_transfer(disk, kBuffer, true, {0, 2, ~0u, false}) == Error::OutOfRange);
  CHECK(check_transfer(disk, kBuffer, false, {0, 1, 0, true}) == Error::AccessDenied);
  CHECK(check_transfer(disk, kBuffer, false, {0, 1, 0, false}) == Error::Ok);
  Geometry read_only = describe_disk(feature::kReadOnly, BlockConfig{2048, 0, 0, 0}, 65536);
  CHECK(check_transfer(read_only, kBuffer, true, {0, 1, 0, true}) == Error::ReadOnly);
  CHECK(check_transfer(read_only, kBuffer, true, {0, 1, 0, false}) == Error::Ok);
}
