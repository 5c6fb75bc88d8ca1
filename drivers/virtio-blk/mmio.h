// virtio::MmioTransport: a device on a virtio-mmio slot (virtio 1.x,
// "Virtio Over MMIO"), version 2 (modern) or 1 (legacy, QEMU's default).
// It hides where the two differ: 64 feature bits or 32, FEATURES_OK or
// none, a queue given as three 64-bit addresses and QueueReady or as one
// page number (QueuePFN). The device's configuration starts at 0x100.
#pragma once

#include <cstdint>

#include "virtqueue.h"

namespace virtio {

constexpr uint32_t kBlockDeviceId = 2;

class MmioTransport {
 public:
  explicit MmioTransport(volatile uint32_t* registers) : registers_(registers) {}

  // Why the slot holds no device this driver can drive, or null.
  const char* identify() const;
  uint32_t version() const { return read(kVersion); }

  // Resets the device and says a driver has found it.
  void begin();
  uint64_t device_features();
  // Accepts features; false if the device refuses them (modern only).
  bool accept_features(uint64_t features);
  // The most entries the device allows in queue `index` (0: no such queue).
  uint32_t queue_max(uint32_t index);
  // Tells the device where queue `index` is.
  void setup_queue(uint32_t index, const Virtqueue& queue);
  void driver_ok();
  // Gives up on the device (status FAILED).
  void fail();

  void notify(uint32_t queue) { write(kQueueNotify, queue); }
  // Acknowledges and returns the device's interrupt causes (bit 0: used
  // buffers, bit 1: configuration changed).
  uint32_t take_interrupt();

  uint32_t config32(uint32_t offset) const;
  uint64_t config64(uint32_t offset) const;

 private:
  enum Register : uint32_t {
    kMagic = 0x000,
    kVersion = 0x004,
    kDeviceId = 0x008,
    kDeviceFeatures = 0x010,
    kDeviceFeaturesSel = 0x014,
    kDriverFeatures = 0x020,
    kDriverFeaturesSel = 0x024,
    kGuestPageSize = 0x028,  // legacy
    kQueueSel = 0x030,
    kQueueNumMax = 0x034,
    kQueueNum = 0x038,
    kQueueAlign = 0x03c,  // legacy
    kQueuePfn = 0x040,    // legacy
    kQueueReady = 0x044,
    kQueueNotify = 0x050,
    kInterruptStatus = 0x060,
    kInterruptAck = 0x064,
    kStatus = 0x070,
    kQueueDescLow = 0x080,
    kQueueDescHigh = 0x084,
    kQueueDriverLow = 0x090,
    kQueueDriverHigh = 0x094,
    kQueueDeviceLow = 0x0a0,
    kQueueDeviceHigh = 0x0a4,
    kConfigGeneration = 0x0fc,
    kConfig = 0x100,
  };

  uint32_t read(uint32_t offset) const { return registers_[offset / 4]; }
  void write(uint32_t offset, uint32_t value) { registers_[offset / 4] = value; }
  void add_status(uint32_t bits);
  bool modern() const { return version() == 2; }

  volatile uint32_t* registers_;
};

}  // namespace virtio
