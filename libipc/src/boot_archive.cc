#include "ipc/boot_archive.h"

#include "abi/rights.h"
#include "abi/syscall.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"

namespace ipc {

namespace {

// The resource name the kernel gives the archive in init's boot resources.
constexpr char kBootfs[] = "bootfs";

bool is_bootfs(const abi::BootResource& r) {
  for (size_t i = 0; i < sizeof kBootfs; ++i) {
    if (r.name[i] != kBootfs[i]) return false;
  }
  return r.type == static_cast<uint32_t>(abi::ObjectType::MmioRange);
}

uint64_t archive_size() {
  for (const abi::BootResource& r : boot_resources()) {
    if (is_bootfs(r)) return r.size;
  }
  return aux_value(abi::kAuxBootArchiveSize);
}

uint64_t mapped_at;  // 0 until the first boot_archive()

}  // namespace

Handle boot_archive_handle() {
  for (const abi::BootResource& r : boot_resources()) {
    if (is_bootfs(r)) return r.handle;
  }
  return static_cast<Handle>(aux_value(abi::kAuxBootArchive));
}

std::span<const uint8_t> boot_archive() {
  uint64_t size = archive_size();
  uint64_t at = __atomic_load_n(&mapped_at, __ATOMIC_ACQUIRE);
  if (at == 0) {
    Handle handle = boot_archive_handle();
    if (handle == 0) return {};
    int64_t address = sys::mmio_map(handle);
    if (sys::failed(address)) return {};
    // Two threads may map it at once: the first to publish wins, the other
    // unmaps its copy.
    uint64_t expected = 0;
    if (__atomic_compare_exchange_n(&mapped_at, &expected, uint64_t(address), false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
      at = uint64_t(address);
    } else {
      (void)sys::mem_unmap(uint64_t(address), size);
      at = expected;
    }
  }
  return {reinterpret_cast<const uint8_t*>(at), size};
}

}  // namespace ipc
