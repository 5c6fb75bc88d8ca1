#include "virtio_slots.h"

#include <stdio.h>
#include <string.h>

namespace init {

namespace {

constexpr uint32_t kVirtioMagic = 0x74726976;  // "virt"

bool holds_device(const VirtioSlot& slot) {
  return slot.magic == kVirtioMagic && (slot.version == 1 || slot.version == 2) && slot.device_id != 0;
}

}  // namespace

AddedServices add_virtio_services(Config& config, const VirtioSlot* slots, size_t count) {
  AddedServices result{0, 0};
  for (size_t d = 0; d < config.virtio_driver_count; ++d) {
    const VirtioDriverSpec& driver = config.virtio_drivers[d];
    unsigned number = 0;
    for (size_t i = 0; i < count; ++i) {
      const VirtioSlot& slot = slots[i];
      if (!holds_device(slot) || slot.device_id != driver.device_id) continue;
      if (config.service_count == kMaxServices) {
        ++result.no_room;
        continue;
      }
      ServiceSpec& s = config.services[config.service_count];
      s = driver.service;
      snprintf(s.name, sizeof s.name, "%s%u", driver.service.name, number++);
      strcpy(s.argument, s.name);
      s.handles[0] = HandleSpec{HandleKind::Resource, {}};
      snprintf(s.handles[0].name, sizeof s.handles[0].name, "%s", slot.resource);
      memcpy(s.handles + 1, driver.service.handles, driver.service.handle_count * sizeof(HandleSpec));
      s.handle_count = driver.service.handle_count + 1;
      ++config.service_count;
      ++result.added;
    }
  }
  return result;
}

}  // namespace init
