// Enumeration of the virtio-mmio slots: what each slot holds (read from
// its registers by resources.cc) decides which driver services init adds
// to the configuration, one per device a `virtio` line of boot.conf
// drives. Empty slots (device ID 0) and devices no line names get none.
// Pure, host-tested (tests/host/init_config_test.cc).
#pragma once

#include <cstddef>
#include <cstdint>

#include "config.h"

namespace init {

struct VirtioSlot {
  const char* resource;  // the slot's boot resource: "virtio0", ...
  uint64_t base;         // its registers' physical address
  uint32_t magic;
  uint32_t version;
  uint32_t device_id;
};

struct AddedServices {
  size_t added;
  size_t no_room;  // devices left without a driver: kMaxServices reached
};

// Appends a service for each slot a `virtio` line drives: PREFIXn (n
// counts that line's devices in slot order), with the slot's resource
// before the line's handles and its name as argument.
AddedServices add_virtio_services(Config& config, const VirtioSlot* slots, size_t count);

}  // namespace init
