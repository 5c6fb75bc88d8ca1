// Device objects that init receives at boot and hands to drivers:
// MmioRange, a window of device registers a driver maps into its address
// space; Irq, one PLIC interrupt source whose firing becomes a packet on a
// port; DmaCapability, the right to learn physical addresses. None ever lets a program reach memory or interrupts it was not
// given a handle for.
#pragma once

#include <cstdint>

#include "ipc/port_binding.h"
#include "result.h"
#include "mm/address_space.h"
#include "mm/layout.h"
#include "object/object.h"

namespace kernel {

// Physical registers [base, base + size), base page aligned. Mapped like
// memory: QEMU virt's physical memory attributes make device space
// uncached, strongly ordered I/O whatever the PTE says, so no PTE bits are
// needed (Svpbmt would set them on hardware that has it).
class MmioRange final : public KernelObject, public PageProvider {
 public:
  // InvalidArgument unless base is page aligned and size is non-zero.
  static Result<MmioRange*> create(uint64_t base, uint64_t size);

  uint64_t base() const { return base_; }

  Result<uint64_t> page_at(uint64_t offset) override;
  uint64_t size() const override { return size_; }
  // A mapped region's reference, by hand: mm/ knows providers only through
  // PageProvider, not as kernel objects a RefPtr could hold.
  void retain_pages() override { retain(); }
  void release_pages() override { release(); }

 private:
  MmioRange(uint64_t base, uint64_t size)
      : KernelObject(ObjectType::MmioRange, sizeof(MmioRange)), base_(base), size_(size) {}
  template <typename T, typename... Args>
  friend T* make_object(Args&&... args);

  uint64_t base_;
  uint64_t size_;  // whole pages
};

// A PLIC source. Once bound to a port, each interrupt masks the source and
// posts this object's packet (kind Interrupt, the binder's badge, word = the
// IRQ number); irq_ack unmasks it. The source goes to the hart of the
// thread that bound it, then of the one that last acknowledged it (the
// driver's, which waits next). Binding takes the source over from the
// kernel's own handler (the console input owns the UART's until then); when
// the object dies, a pending packet is withdrawn and the source goes back to
// the kernel's handler, or is masked if there is none.
class Irq final : public KernelObject {
 public:
  explicit Irq(uint32_t number) : KernelObject(ObjectType::Irq, sizeof(Irq)), number_(number) {}
  ~Irq() override;

  uint32_t number() const { return number_; }
  // Routes the source to port (moving it from a previous port, with any
  // pending packet) and unmasks it. InvalidArgument if the PLIC has no such source.
  Status bind(Port& port, uint64_t badge);
  // Unmasks the source after an interrupt. BadState if not bound.
  Status ack();

 private:
  static void on_interrupt(uint32_t irq, void* context);

  uint32_t number_;
  PortBinding binding_;
};

// The right to physical addresses. A contiguous membuf gets the `dma`
// right, which membuf_physical needs, only when it is created with a
// handle to this object that has `dma`. The kernel makes one at boot and
// gives init the only handle; init passes it to the drivers its boot.conf
// names, so no other program learns where its memory lies.
class DmaCapability final : public KernelObject {
 public:
  DmaCapability() : KernelObject(ObjectType::Dma, sizeof(DmaCapability)) {}
};

template <>
struct ObjectTypeOf<DmaCapability> {
  static constexpr ObjectType value = ObjectType::Dma;
};
template <>
struct ObjectTypeOf<MmioRange> {
  static constexpr ObjectType value = ObjectType::MmioRange;
};
template <>
struct ObjectTypeOf<Irq> {
  static constexpr ObjectType value = ObjectType::Irq;
};

}  // namespace kernel
