#include "virtqueue.h"

#include "barrier.h"

namespace virtio {

namespace {

constexpr size_t kPage = 4096;
constexpr uint16_t kDescriptorNext = 1;   // VIRTQ_DESC_F_NEXT
constexpr uint16_t kDescriptorWrite = 2;  // VIRTQ_DESC_F_WRITE: the device writes this buffer

size_t page_align(size_t n) { return (n + kPage - 1) & ~(kPage - 1); }

}  // namespace

QueueLayout queue_layout(uint16_t size) {
  size_t descriptors = 16 * size_t{size};
  size_t avail = 2 * (3 + size_t{size});   // flags, idx, ring, used_event
  size_t used = 2 * 3 + 8 * size_t{size};  // flags, idx, ring, avail_event
  size_t used_offset = page_align(descriptors + avail);
  return {descriptors, used_offset, page_align(used_offset + used)};
}

Virtqueue::Virtqueue(void* memory, uint64_t physical, uint16_t size)
    : memory_(static_cast<uint8_t*>(memory)), physical_(physical), size_(size), layout_(queue_layout(size)) {}

volatile uint16_t* Virtqueue::avail() const {
  return reinterpret_cast<volatile uint16_t*>(memory_ + layout_.avail_offset);
}

volatile uint16_t* Virtqueue::used_header() const {
  return reinterpret_cast<volatile uint16_t*>(memory_ + layout_.used_offset);
}

volatile Virtqueue::UsedElement* Virtqueue::used_ring() const {
  return reinterpret_cast<volatile UsedElement*>(memory_ + layout_.used_offset + 4);
}

void Virtqueue::submit(uint16_t head, const Segment* segments, uint16_t count) {
  auto* table = reinterpret_cast<volatile Descriptor*>(memory_);
  for (uint16_t i = 0; i < count; ++i) {
    volatile Descriptor& d = table[uint16_t(head + i) % size_];
    d.address = segments[i].address;
    d.length = segments[i].length;
    d.flags = uint16_t((i + 1 < count ? kDescriptorNext : 0) | (segments[i].device_writes ? kDescriptorWrite : 0));
    d.next = uint16_t((head + i + 1) % size_);
  }
  avail()[2 + avail_index_ % size_] = head;
  barrier();  // the device must see the chain before the index that offers it
  avail()[1] = ++avail_index_;
  barrier();  // and the index before the notification that follows
}

bool Virtqueue::next_used(uint16_t& head, uint32_t& written) {
  if (used_header()[1] == used_index_) return false;
  barrier();  // the element is read after the index that published it
  volatile UsedElement& e = used_ring()[used_index_ % size_];
  head = uint16_t(e.id);
  written = e.length;
  ++used_index_;
  return true;
}

}  // namespace virtio
