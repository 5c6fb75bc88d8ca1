#include "disk.h"

#include <string.h>

#include <new>

#include "abi/syscall.h"
#include "block.idl.h"
#include "clients.h"
#include "ipc/syscall.h"

namespace blk {

namespace {

constexpr uint32_t kPage = 4096;
constexpr uint16_t kLargestQueue = 64;  // 3 × kMaxSlots descriptors fit
constexpr uint32_t kDescriptorsPerRequest = 3;
constexpr uint32_t kSector = 512;
constexpr uint32_t kUsedBuffers = 1;  // InterruptStatus bit 0

// The request header the device reads (virtio-blk, "Device Operation").
struct RequestHeader {
  uint32_t type;
  uint32_t reserved;
  uint64_t sector;
};
constexpr uint32_t kHeaderStride = 32;  // header, then the status byte the device writes
constexpr uint32_t kStatusOffset = sizeof(RequestHeader);

namespace type {
constexpr uint32_t kIn = 0;
constexpr uint32_t kOut = 1;
constexpr uint32_t kFlush = 4;
}  // namespace type

constexpr uint8_t kStatusOk = 0;

uint16_t largest_power_of_two_up_to(uint32_t n) {
  uint16_t p = 1;
  while (p * 2u <= n && p * 2u <= kLargestQueue) p = uint16_t(p * 2);
  return p;
}

}  // namespace

// One client request: queued for a slot, then in flight, then answered.
class Disk::Request final : public server::Parked {
 public:
  Request(Disk& disk, Client& client, Op op, uint64_t lba, uint32_t count, uint32_t buffer, uint32_t offset)
      : op(op), lba(lba), count(count), buffer(buffer), offset(offset), disk_(disk), client_(&client) {
    ++client.outstanding[buffer];
  }
  ~Request() override {
    if (client_) --client_->outstanding[buffer];
  }

  // The caller stopped waiting. A request the device still works on stays
  // until it completes: its slot is the device's until then.
  void on_gone() override {
    if (slot != kNoSlot) return;
    disk_.unlink_waiting(this);
    delete this;
  }
  // Its client closed: the request can no longer be answered.
  void orphan() {
    --client_->outstanding[buffer];
    client_ = nullptr;
  }
  Client* client() const { return client_; }

  void answer_ok() {
    switch (op) {
      // Each read (write) method's results are empty: one serves them all.
      case Op::Read:
        (void)answer_as(idl::block::BlockDeviceReadResults{});
        break;
      case Op::Write:
        (void)answer_as(idl::block::BlockDeviceWriteResults{});
        break;
      case Op::Flush:
        (void)answer_as(idl::block::BlockDeviceFlushResults{});
        break;
    }
  }

  const Op op;
  const uint64_t lba;
  const uint32_t count;
  const uint32_t buffer;  // the client's buffer id
  const uint32_t offset;
  uint32_t slot = kNoSlot;
  Request* next = nullptr;  // while waiting

 private:
  Disk& disk_;
  Client* client_;
};

const char* Disk::start(ipc::Handle dma, ipc::Handle irq) {
  const char* refusal = device_.identify();
  if (refusal) return refusal;
  device_.begin();
  refusal = negotiate();
  if (!refusal) refusal = make_queue(dma, irq);
  if (refusal) {
    device_.fail();
    return refusal;
  }
  device_.setup_queue(0, *queue_);
  device_.driver_ok();
  return nullptr;
}

const char* Disk::negotiate() {
  virtio::Features features = virtio::negotiate_features(device_.version(), device_.device_features());
  if (features.refusal) return features.refusal;
  if (!device_.accept_features(features.accepted)) return "the device refused the features accepted";
  virtio::BlockConfig config{device_.config64(0), device_.config32(8), device_.config32(12), device_.config32(20)};
  geometry_ = virtio::describe_disk(features.accepted, config, kTransferBytes);
  return geometry_.refusal;
}

const char* Disk::make_queue(ipc::Handle dma, ipc::Handle irq) {
  uint32_t queue_max = device_.queue_max(0);
  if (queue_max < kDescriptorsPerRequest) return "no request queue, or one too small";
  queue_size_ = largest_power_of_two_up_to(queue_max);
  slot_count_ = queue_size_ / kDescriptorsPerRequest;

  // One buffer: the queue, a page of request headers, a bounce area a slot.
  virtio::QueueLayout layout = virtio::queue_layout(queue_size_);
  headers_offset_ = uint32_t(layout.bytes);
  data_offset_ = headers_offset_ + kPage;
  uint64_t bytes = data_offset_ + uint64_t{slot_count_} * kTransferBytes;
  int64_t buffer = sys::membuf_create(bytes, abi::kMembufContiguous, dma);
  int64_t mapped =
      sys::failed(buffer) ? buffer : sys::membuf_map(uint32_t(buffer), 0, 0, bytes, abi::kProtRead | abi::kProtWrite);
  int64_t physical = sys::failed(mapped) ? mapped : sys::membuf_physical(uint32_t(buffer));
  if (!sys::failed(buffer)) (void)ipc::close(uint32_t(buffer));  // the mapping keeps it
  if (sys::failed(physical)) return "no DMA memory for the queue";
  dma_ = reinterpret_cast<uint8_t*>(mapped);
  dma_physical_ = uint64_t(physical);
  queue_ = new (std::nothrow) virtio::Virtqueue(dma_, dma_physical_, queue_size_);
  irq_ = irq;
  if (!queue_ || !server_.add_irq(irq, this)) return "cannot take the device's interrupt";
  return nullptr;
}

uint8_t* Disk::data_of(uint32_t slot) const { return dma_ + data_offset_ + slot * kTransferBytes; }

Status Disk::submit(server::Call& call, Client& client, Op op, uint64_t lba, uint32_t count, uint32_t buffer,
                    uint32_t offset, uint16_t ordinal) {
  if (waiting_count_ >= kMaxWaiting) return Error::Busy;
  auto* request = new (std::nothrow) Request(*this, client, op, lba, count, buffer, offset);
  if (!request) return Error::NoMemory;
  if (Status parked = request->park(call, server_, ordinal); !parked) {
    delete request;
    return parked.error();
  }
  for (uint32_t slot = 0; slot < slot_count_; ++slot) {
    if (!in_flight_[slot]) {
      issue(request, slot);
      return {};
    }
  }
  if (waiting_last_)
    waiting_last_->next = request;
  else
    waiting_first_ = request;
  waiting_last_ = request;
  ++waiting_count_;
  return {};
}

void Disk::issue(Request* request, uint32_t slot) {
  request->slot = slot;
  in_flight_[slot] = request;
  if (++in_flight_count_ > most_in_flight_) most_in_flight_ = in_flight_count_;
  uint32_t bytes = request->count * geometry_.block_size;
  if (request->op == Op::Write)
    memcpy(data_of(slot), request->client()->buffer(request->buffer) + request->offset, bytes);

  uint8_t* header_at = dma_ + headers_offset_ + slot * kHeaderStride;
  auto* header = reinterpret_cast<RequestHeader*>(header_at);
  header->type = request->op == Op::Read ? type::kIn : request->op == Op::Write ? type::kOut : type::kFlush;
  header->reserved = 0;
  header->sector = request->lba * (geometry_.block_size / kSector);
  header_at[kStatusOffset] = 0xff;  // a device that never writes it reads as a failure

  uint64_t header_physical = dma_physical_ + headers_offset_ + slot * kHeaderStride;
  uint64_t data_physical = dma_physical_ + data_offset_ + uint64_t{slot} * kTransferBytes;
  virtio::Segment segments[kDescriptorsPerRequest] = {{header_physical, sizeof(RequestHeader), false}};
  uint16_t count = 1;
  if (request->op != Op::Flush) segments[count++] = {data_physical, bytes, request->op == Op::Read};
  segments[count++] = {header_physical + kStatusOffset, 1, true};
  queue_->submit(uint16_t(slot * kDescriptorsPerRequest), segments, count);
  device_.notify(0);
}

void Disk::complete(uint32_t slot) {
  Request* request = in_flight_[slot];
  in_flight_[slot] = nullptr;
  --in_flight_count_;
  uint8_t status = dma_[headers_offset_ + slot * kHeaderStride + kStatusOffset];
  if (request->parked() && request->client()) {
    if (status != kStatusOk) {
      (void)request->fail(Error::IoError);
    } else {
      if (request->op == Op::Read) {
        memcpy(request->client()->buffer(request->buffer) + request->offset, data_of(slot),
               request->count * geometry_.block_size);
      }
      request->answer_ok();
    }
  }
  delete request;  // unanswered (its client closed): the caller gets PeerClosed

  if (Request* next = waiting_first_) {
    unlink_waiting(next);
    issue(next, slot);
  }
}

void Disk::on_event(const ipc::Event& event) {
  if (event.kind() != abi::EventKind::Interrupt) return Source::on_event(event);
  // Acknowledged before the ring is read: a completion after this raises
  // the interrupt again rather than being missed.
  uint32_t causes = device_.take_interrupt();
  if (causes & kUsedBuffers) {
    uint16_t head = 0;
    uint32_t written = 0;
    while (queue_->next_used(head, written)) {
      uint32_t slot = head / kDescriptorsPerRequest;
      // A head we never offered is the device's error; it is not trusted.
      if (head % kDescriptorsPerRequest || slot >= slot_count_ || !in_flight_[slot]) continue;
      complete(slot);
    }
  }
  (void)sys::irq_ack(irq_);
}

void Disk::unlink_waiting(Request* request) {
  Request* before = nullptr;
  for (Request* r = waiting_first_; r; before = r, r = r->next) {
    if (r != request) continue;
    (before ? before->next : waiting_first_) = r->next;
    if (waiting_last_ == r) waiting_last_ = before;
    r->next = nullptr;
    --waiting_count_;
    return;
  }
}

void Disk::forget(const Client& client) {
  for (Request* r = waiting_first_; r;) {
    Request* next = r->next;
    if (r->client() == &client) {
      unlink_waiting(r);
      delete r;
    }
    r = next;
  }
  for (Request* r : in_flight_) {
    if (r && r->client() == &client) r->orphan();
  }
}

}  // namespace blk
