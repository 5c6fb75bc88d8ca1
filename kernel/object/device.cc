#include "object/device.h"

#include "arch/cpu.h"
#include "arch/interrupts.h"
#include "arch/plic.h"

namespace kernel {

Result<MmioRange*> MmioRange::create(uint64_t base, uint64_t size) {
  if (size == 0 || base % kPageSize || base + page_round_up(size) < base) return Error::InvalidArgument;
  MmioRange* range = make_object<MmioRange>(base, page_round_up(size));
  if (!range) return Error::NoMemory;
  return range;
}

Result<uint64_t> MmioRange::page_at(uint64_t offset) {
  if (offset % kPageSize || offset >= size_) return Error::OutOfRange;
  return base_ + offset;
}

Irq::~Irq() {
  if (binding_.bound()) irq_release(number_);
}

Status Irq::bind(Port& port, uint64_t badge) {
  // Register first: an unknown source must leave the old binding intact.
  if (!binding_.bound() && !irq_claim(number_, on_interrupt, this)) return Error::InvalidArgument;
  bool pending = binding_.posted();
  binding_.bind(port, abi::EventKind::Interrupt, badge);
  // A pending interrupt follows the binding: the source stays masked until
  // someone sees it and acknowledges it.
  if (pending) {
    plic::route(number_, this_cpu()->hart_id);
    binding_.post(number_);
  } else {
    plic::enable(number_, this_cpu()->hart_id);
  }
  return {};
}

// The thread that acknowledges is the driver's, about to wait for the next
// interrupt: the source follows it to its hart, where the interrupt then
// wakes it without disturbing another (docs/kernel.md "Device interrupts").
Status Irq::ack() {
  if (!binding_.bound()) return Error::BadState;
  plic::enable(number_, this_cpu()->hart_id);
  return {};
}

void Irq::on_interrupt(uint32_t irq, void* context) {
  auto* self = static_cast<Irq*>(context);
  plic::mask(irq);
  self->binding_.post(irq);
}

}  // namespace kernel
