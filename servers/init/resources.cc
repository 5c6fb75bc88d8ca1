#include "resources.h"

#include <stdio.h>
#include <string.h>

#include "abi/rights.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"
#include "ipc/time.h"

namespace init {

namespace {

abi::ObjectType type_of(const abi::BootResource& r) { return static_cast<abi::ObjectType>(r.type); }

// Resources handed out are gone from init's table; remember which.
bool given[64];

size_t index_of(const abi::BootResource& r) { return size_t(&r - ipc::boot_resources().data()); }

}  // namespace

void list_resources() {
  for (const abi::BootResource& r : ipc::boot_resources()) {
    switch (type_of(r)) {
      case abi::ObjectType::MmioRange:
        printf("init: resource %s mmio %#lx+%#lx irq %u\n", r.name, r.base, r.size, r.irq);
        break;
      case abi::ObjectType::Irq: printf("init: resource %s irq %u\n", r.name, r.irq); break;
      case abi::ObjectType::Power:
      case abi::ObjectType::Dma:
      case abi::ObjectType::DebugConsole: printf("init: resource %s\n", r.name); break;
      default: printf("init: resource %s of type %u\n", r.name, r.type);
    }
  }
}

namespace {

// A copy of handle with all its rights; 0 if it cannot be had.
uint32_t copy_of(uint32_t handle) {
  int64_t info = sys::handle_info(handle);
  if (sys::failed(info)) return 0;
  int64_t copy = sys::handle_dup(handle, uint32_t(info));
  return sys::failed(copy) ? 0 : uint32_t(copy);
}

bool hand_out(const char* name, uint32_t* handles, size_t& count, size_t capacity, bool lend) {
  bool found = false;
  for (const abi::BootResource& r : ipc::boot_resources()) {
    size_t i = index_of(r);
    if (strcmp(r.name, name) != 0 || count == capacity || (!lend && i < 64 && given[i])) continue;
    // Every driver that needs the DMA capability gets its own copy.
    if (type_of(r) == abi::ObjectType::Dma) {
      int64_t copy = sys::handle_dup(r.handle, abi::rights::kDma | abi::rights::kTransfer | abi::rights::kDuplicate);
      if (sys::failed(copy)) continue;
      handles[count++] = uint32_t(copy);
      found = true;
      continue;
    }
    // The boot archive and the debug console are only lent: init starts
    // every program from the one and writes on the other.
    bool keep = strcmp(r.name, "bootfs") == 0 || type_of(r) == abi::ObjectType::DebugConsole;
    uint32_t handle = lend || keep ? copy_of(r.handle) : r.handle;
    if (!handle) continue;
    handles[count++] = handle;
    if (i < 64) given[i] = true;
    found = true;
  }
  return found;
}

}  // namespace

bool take_resource(const char* name, uint32_t* handles, size_t& count, size_t capacity) {
  return hand_out(name, handles, count, capacity, false);
}

bool lend_resource(const char* name, uint32_t* handles, size_t& count, size_t capacity) {
  return hand_out(name, handles, count, capacity, true);
}

uint32_t power_handle() {
  for (const abi::BootResource& r : ipc::boot_resources()) {
    if (type_of(r) == abi::ObjectType::Power) return r.handle;
  }
  return 0;
}

size_t probe_virtio_slots(VirtioSlot* slots, size_t capacity) {
  size_t count = 0;
  for (const abi::BootResource& r : ipc::boot_resources()) {
    if (type_of(r) != abi::ObjectType::MmioRange || strncmp(r.name, "virtio", 6) != 0 || count == capacity) continue;
    VirtioSlot& slot = slots[count++];
    slot = VirtioSlot{r.name, r.base, 0, 0, 0};
    int64_t address = sys::mmio_map(r.handle);
    if (sys::failed(address)) {
      printf("init: %s: %s\n", r.name, abi::error_name(sys::error_of(address)));
      continue;
    }
    auto* registers = reinterpret_cast<volatile uint32_t*>(address);
    slot.magic = registers[0];
    slot.version = registers[1];
    slot.device_id = registers[2];
    sys::mem_unmap(uint64_t(address), r.size);
  }
  return count;
}

void show_devices() {
  constexpr uint32_t kVirtioMagic = 0x74726976;  // "virt"
  VirtioSlot slots[16];
  size_t count = probe_virtio_slots(slots, 16);
  for (size_t i = 0; i < count; ++i) {
    const VirtioSlot& s = slots[i];
    printf("init: device %s at %#lx: magic %#x%s version %u device id %u\n", s.resource, s.base, s.magic,
           s.magic == kVirtioMagic ? "" : " (not virtio)", s.version, s.device_id);
  }
}

int64_t wall_clock_epoch_ns() {
  static bool read = false;
  static int64_t epoch = 0;
  if (read) return epoch;
  read = true;
  for (const abi::BootResource& r : ipc::boot_resources()) {
    if (type_of(r) != abi::ObjectType::MmioRange || strcmp(r.name, "rtc") != 0 || ipc::ticks_per_second() == 0)
      continue;
    int64_t address = sys::mmio_map(r.handle);
    if (sys::failed(address)) return 0;
    auto* registers = reinterpret_cast<volatile uint32_t*>(address);
    uint64_t ticks = sys::read_time();
    uint64_t low = registers[0];  // reading TIME_LOW latches TIME_HIGH: low first
    uint64_t now = uint64_t{registers[1]} << 32 | low;
    sys::mem_unmap(uint64_t(address), r.size);
    epoch = int64_t(now - ipc::ns_from_ticks(ticks));
    return epoch;
  }
  return 0;
}

}  // namespace init
