#include "boot/boot_resources.h"

#include "abi/syscall.h"
#include "boot/program_loader.h"
#include "debug/console.h"
#include "format.h"
#include "object/debug_console.h"
#include "object/device.h"
#include "object/power.h"
#include "object/process.h"
#include "object/thread.h"

namespace kernel {

namespace {

using namespace abi::rights;

constexpr uint32_t kMmioRights = kRead | kWrite | kMap | kTransfer | kDuplicate;
constexpr uint32_t kIrqRights = kRead | kWrite | kTransfer | kDuplicate;
constexpr uint32_t kPowerRights = kWrite | kTransfer | kDuplicate;
constexpr uint32_t kDmaRights = kDma | kTransfer | kDuplicate;
constexpr uint32_t kDebugRights = kWrite | kTransfer | kDuplicate;

// The UART, the RTC and each virtio slot give two resources, plus the boot
// archive, the power object, the DMA capability and the debug console.
constexpr size_t kMaxResources = 2 * (2 + BootFacts::kMaxVirtio) + 4;

// Filled at boot, then copied onto init's stack.
abi::BootResource resource_storage[kMaxResources];

class ResourceList {
 public:
  ResourceList(Process& init, std::span<abi::BootResource> storage) : init_(init), list_(storage) {}

  std::span<const abi::BootResource> resources() const { return list_.first(count_); }

  // Gives init a handle to object and records it.
  Status add(RefPtr<KernelObject> object, uint32_t rights, std::string_view name, const MmioDevice& device) {
    auto type = static_cast<uint32_t>(object->type());
    auto handle = init_.add_handle(object.get(), rights);
    if (!handle) return handle.error();
    abi::BootResource& r = list_[count_++];
    r = {};
    r.handle = *handle;
    r.type = type;
    r.base = device.base;
    r.size = device.size;
    r.irq = device.irq;
    for (size_t i = 0; i < name.size() && i + 1 < sizeof r.name; ++i) r.name[i] = name[i];
    return {};
  }

  // The device's registers and, if it has one, its interrupt.
  Status add_device(std::string_view name, const MmioDevice& device) {
    auto range = MmioRange::create(device.base, device.size);
    if (!range && range.error() == Error::InvalidArgument) {
      kprintf("[kernel] %.*s at %#lx: registers not page aligned, not given to init\n", int(name.size()),
              name.data(), device.base);
      return {};
    }
    if (!range) return range.error();
    TRY(add(RefPtr<MmioRange>::adopt(*range), kMmioRights, name, device));
    if (device.irq == 0) return {};
    auto irq = RefPtr<Irq>::adopt(make_object<Irq>(device.irq));
    if (!irq) return Error::NoMemory;
    return add(std::move(irq), kIrqRights, name, device);
  }

 private:
  Process& init_;
  std::span<abi::BootResource> list_;
  size_t count_ = 0;
};

Status grant(ResourceList& list, const BootFacts& boot) {
  if (boot.uart) TRY(list.add_device("uart", *boot.uart));
  if (boot.rtc) TRY(list.add_device("rtc", *boot.rtc));
  for (size_t i = 0; i < boot.virtio_count; ++i) {
    char name[sizeof(abi::BootResource::name)];
    int length = fmt::snprintf(name, sizeof name, "virtio%zu", i);
    TRY(list.add_device(std::string_view(name, size_t(length)), boot.virtio[i]));
  }
  // The boot archive ("bootfs"), which init reads its configuration from
  // and hands to the root ramfs. Its record keeps the archive's exact size.
  if (boot.initrd) TRY(list.add_device("bootfs", MmioDevice{boot.initrd->base, boot.initrd->size, 0}));
  auto power = RefPtr<Power>::adopt(make_object<Power>());
  if (!power) return Error::NoMemory;
  TRY(list.add(std::move(power), kPowerRights, "power", MmioDevice{}));
  auto dma = RefPtr<DmaCapability>::adopt(make_object<DmaCapability>());
  if (!dma) return Error::NoMemory;
  TRY(list.add(std::move(dma), kDmaRights, "dma", MmioDevice{}));
  auto console = RefPtr<DebugConsole>::adopt(make_object<DebugConsole>());
  if (!console) return Error::NoMemory;
  return list.add(std::move(console), kDebugRights, "debug", MmioDevice{});
}

}  // namespace

Result<RefPtr<Process>> spawn_init(std::string_view path, std::span<const char> argv_block, const BootFacts& boot) {
  auto program = load_program(path, Thread::kMaxPriority);  // init: the root task
  if (!program) return program.error();
  ResourceList list(*program->process, resource_storage);
  TRY(grant(list, boot));
  TRY(start_program(*program, StartInfo{argv_block, list.resources()}));
  return program->process;
}

}  // namespace kernel
