// blk::Disk: one virtio block device, driven. It owns the device's only
// queue, in a DMA buffer with a bounce area per request slot, and keeps as
// many requests in flight as the queue holds (three descriptors each:
// header, data, status). Requests beyond that wait, in order, for a slot.
// Each request is a parked call (server::Parked), answered from the
// interrupt that completes it, so a client may have many outstanding. A
// caller that gives up, or a client that closes, never frees a slot the
// device still writes: the slot is freed when the device is done with it.
#pragma once

#include <cstdint>

#include "ipc/ipc.h"
#include "mmio.h"
#include "negotiation.h"
#include "result.h"
#include "server/pending.h"
#include "server/server.h"

namespace blk {

class Client;

enum class Op : uint8_t { Read, Write, Flush };

class Disk final : public server::Source {
 public:
  static constexpr uint32_t kTransferBytes = 64 * 1024;  // one request's bounce area
  static constexpr uint32_t kMaxSlots = 21;              // a 64-entry queue, three descriptors a request
  static constexpr uint32_t kMaxWaiting = 1024;          // requests queued for a slot, all clients

  Disk(server::Server& server, virtio::MmioTransport& device) : server_(server), device_(device) {}

  // Negotiates with the device and sets its queue up in DMA memory made
  // with the capability dma; interrupts then come through irq. On failure
  // the device is marked FAILED and the reason returned (for the log).
  const char* start(ipc::Handle dma, ipc::Handle irq);
  const virtio::Geometry& geometry() const { return geometry_; }
  uint16_t queue_size() const { return queue_size_; }
  uint32_t slots() const { return slot_count_; }
  // Requests at the device now, and the most at once since the last call
  // (which starts counting again from now).
  uint32_t in_flight() const { return in_flight_count_; }
  uint32_t take_most_in_flight() {
    uint32_t most = most_in_flight_;
    most_in_flight_ = in_flight_count_;
    return most;
  }

  // Parks call (a request with this ordinal, already checked, on the
  // client's buffer with that id) and sends it to the device, or queues it
  // for a slot. The completion answers it.
  Status submit(server::Call& call, Client& client, Op op, uint64_t lba, uint32_t count, uint32_t buffer,
                uint32_t offset, uint16_t ordinal);
  // The client closed: its queued requests are dropped, those in flight
  // finish unanswered.
  void forget(const Client& client);

  void on_event(const ipc::Event& event) override;

 private:
  class Request;
  static constexpr uint32_t kNoSlot = ~0u;

  // Features and the disk's shape; the queue and its memory. Each
  // returns why the device cannot be driven, or null.
  const char* negotiate();
  const char* make_queue(ipc::Handle dma, ipc::Handle irq);
  void issue(Request* request, uint32_t slot);
  void complete(uint32_t slot);
  void unlink_waiting(Request* request);
  uint8_t* data_of(uint32_t slot) const;

  server::Server& server_;
  virtio::MmioTransport& device_;
  ipc::Handle irq_ = ipc::kInvalidHandle;
  virtio::Geometry geometry_;
  virtio::Virtqueue* queue_ = nullptr;
  uint16_t queue_size_ = 0;
  uint32_t slot_count_ = 0;
  uint8_t* dma_ = nullptr;  // mapped DMA buffer: queue, request headers, bounce areas
  uint64_t dma_physical_ = 0;
  uint32_t headers_offset_ = 0;
  uint32_t data_offset_ = 0;
  Request* in_flight_[kMaxSlots] = {};
  uint32_t in_flight_count_ = 0, most_in_flight_ = 0;
  Request* waiting_first_ = nullptr;
  Request* waiting_last_ = nullptr;
  uint32_t waiting_count_ = 0;
};

}  // namespace blk
