// virtio::Virtqueue: one split virtqueue (virtio 1.x, "Split Virtqueues")
// in memory the driver shares with the device: the descriptor table, the
// driver ring (avail) and the device ring (used). The used ring starts on
// its own page, as legacy virtio-mmio requires, so one layout serves both
// versions. It does no I/O: the transport tells the device where the rings
// are and notifies it. The caller owns descriptor numbers: it hands a chain
// to submit() and gets its head back from next_used() when the device is done.
#pragma once

#include <cstddef>
#include <cstdint>

namespace virtio {

struct QueueLayout {
  size_t avail_offset;  // the driver ring
  size_t used_offset;   // the device ring, page aligned
  size_t bytes;         // the whole queue, whole pages
};

// size: a power of two (split virtqueues require it).
QueueLayout queue_layout(uint16_t size);

// One buffer of a request: where it is (physical) and who writes it.
struct Segment {
  uint64_t address;
  uint32_t length;
  bool device_writes;
};

class Virtqueue {
 public:
  // memory: queue_layout(size).bytes of zeroed memory at physical address
  // `physical`, mapped at `memory`.
  Virtqueue(void* memory, uint64_t physical, uint16_t size);

  uint16_t size() const { return size_; }
  uint64_t descriptors_physical() const { return physical_; }
  uint64_t avail_physical() const { return physical_ + layout_.avail_offset; }
  uint64_t used_physical() const { return physical_ + layout_.used_offset; }

  // Chains segments in descriptors head, head+1, ... (the caller's, all
  // free) and makes the chain available to the device. The caller
  // notifies the device after.
  void submit(uint16_t head, const Segment* segments, uint16_t count);
  // The next chain the device has finished: its head and how many bytes
  // the device wrote. False when there is none (yet).
  bool next_used(uint16_t& head, uint32_t& written);

 private:
  struct Descriptor {
    uint64_t address;
    uint32_t length;
    uint16_t flags;
    uint16_t next;
  };
  struct UsedElement {
    uint32_t id;
    uint32_t length;
  };
  volatile uint16_t* avail() const;        // flags, idx, ring[size], used_event
  volatile uint16_t* used_header() const;  // flags, idx
  volatile UsedElement* used_ring() const;

  uint8_t* memory_;
  uint64_t physical_;
  uint16_t size_;
  QueueLayout layout_;
  uint16_t avail_index_ = 0;  // the next free driver ring entry (free-running)
  uint16_t used_index_ = 0;   // the next device ring entry to take
};

}  // namespace virtio
