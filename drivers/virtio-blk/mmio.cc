#include "mmio.h"

#include "barrier.h"

namespace virtio {

namespace {

constexpr uint32_t kMagicValue = 0x74726976;  // "virt"
constexpr uint32_t kPage = 4096;

namespace status {
constexpr uint32_t kAcknowledge = 1;
constexpr uint32_t kDriver = 2;
constexpr uint32_t kDriverOk = 4;
constexpr uint32_t kFeaturesOk = 8;
constexpr uint32_t kFailed = 128;
}  // namespace status

}  // namespace

const char* MmioTransport::identify() const {
  if (read(kMagic) != kMagicValue) return "no virtio-mmio magic";
  uint32_t v = read(kVersion);
  if (v != 1 && v != 2) return "unknown virtio-mmio version";
  if (read(kDeviceId) == 0) return "an empty slot";
  if (read(kDeviceId) != kBlockDeviceId) return "not a block device";
  return nullptr;
}

void MmioTransport::add_status(uint32_t bits) { write(kStatus, read(kStatus) | bits); }

void MmioTransport::begin() {
  write(kStatus, 0);  // reset: forget whatever a driver before us set up
  barrier();
  add_status(status::kAcknowledge);
  add_status(status::kDriver);
}

uint64_t MmioTransport::device_features() {
  write(kDeviceFeaturesSel, 0);
  uint64_t low = read(kDeviceFeatures);
  if (!modern()) return low;  // legacy devices have 32 feature bits
  write(kDeviceFeaturesSel, 1);
  return uint64_t{read(kDeviceFeatures)} << 32 | low;
}

bool MmioTransport::accept_features(uint64_t features) {
  write(kDriverFeaturesSel, 0);
  write(kDriverFeatures, uint32_t(features));
  if (!modern()) return true;
  write(kDriverFeaturesSel, 1);
  write(kDriverFeatures, uint32_t(features >> 32));
  add_status(status::kFeaturesOk);
  return read(kStatus) & status::kFeaturesOk;  // the device clears it if it disagrees
}

uint32_t MmioTransport::queue_max(uint32_t index) {
  write(kQueueSel, index);
  if (modern() ? read(kQueueReady) : read(kQueuePfn)) return 0;  // in use: not ours to set up
  return read(kQueueNumMax);
}

void MmioTransport::setup_queue(uint32_t index, const Virtqueue& queue) {
  write(kQueueSel, index);
  write(kQueueNum, queue.size());
  if (!modern()) {
    // One contiguous area: the rings follow the table, the used ring page-aligned.
    write(kGuestPageSize, kPage);
    write(kQueueAlign, kPage);
    write(kQueuePfn, uint32_t(queue.descriptors_physical() / kPage));
    return;
  }
  write(kQueueDescLow, uint32_t(queue.descriptors_physical()));
  write(kQueueDescHigh, uint32_t(queue.descriptors_physical() >> 32));
  write(kQueueDriverLow, uint32_t(queue.avail_physical()));
  write(kQueueDriverHigh, uint32_t(queue.avail_physical() >> 32));
  write(kQueueDeviceLow, uint32_t(queue.used_physical()));
  write(kQueueDeviceHigh, uint32_t(queue.used_physical() >> 32));
  write(kQueueReady, 1);
}

void MmioTransport::driver_ok() { add_status(status::kDriverOk); }

void MmioTransport::fail() { add_status(status::kFailed); }

uint32_t MmioTransport::take_interrupt() {
  uint32_t causes = read(kInterruptStatus);
  write(kInterruptAck, causes);
  return causes;
}

uint32_t MmioTransport::config32(uint32_t offset) const { return read(kConfig + offset); }

uint64_t MmioTransport::config64(uint32_t offset) const {
  // Two reads may straddle a change; a version 2 device's generation says so.
  for (;;) {
    uint32_t before = modern() ? read(kConfigGeneration) : 0;
    uint64_t value = uint64_t{read(kConfig + offset + 4)} << 32 | read(kConfig + offset);
    if (!modern() || read(kConfigGeneration) == before) return value;
  }
}

}  // namespace virtio
