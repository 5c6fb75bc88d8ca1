// The boot resources the kernel gave init (every device's MMIO range and
// IRQ, the boot archive, power): finding, listing and handing them out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "abi/syscall.h"
#include "result.h"
#include "virtio_slots.h"

namespace init {

void list_resources();
// Appends the handles of every resource called name (a device has an MMIO
// range and an IRQ) to handles, moving them out of init; false if there is
// none or no room. "dma", the DMA capability, is duplicated instead: init
// keeps it for the next driver.
bool take_resource(const char* name, uint32_t* handles, size_t& count, size_t capacity);
// The same for a supervised service, but with copies: init keeps the
// originals (still refused to take_resource) to hand them again when it
// restarts the service.
bool lend_resource(const char* name, uint32_t* handles, size_t& count, size_t capacity);
uint32_t power_handle();
// Maps each virtio-mmio slot and prints what it identifies.
void show_devices();
// Reads each virtio-mmio slot's magic, version and device ID into slots
// (at most capacity); returns how many slots there are.
size_t probe_virtio_slots(VirtioSlot* slots, size_t capacity);
// The wall-clock time at timebase 0, in nanoseconds since 1970 UTC, from
// the goldfish RTC (QEMU virt's), read on the first call, before the rtc
// driver starts; 0 without an RTC. What a `clock` service is given.
int64_t wall_clock_epoch_ns();

}  // namespace init
