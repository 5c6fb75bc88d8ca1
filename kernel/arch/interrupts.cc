#include "arch/interrupts.h"

#include "arch/cpu.h"
#include "arch/csr.h"
#include "arch/plic.h"
#include "debug/console.h"
#include "sched/scheduler.h"

namespace kernel {

namespace {

struct IrqSlot {
  IrqHandler handler = nullptr;
  void* context = nullptr;
  IrqHandler kernel_handler = nullptr;  // what irq_release returns to
  void* kernel_context = nullptr;
  IrqReset kernel_reset = nullptr;
};

constexpr uint32_t kMaxSources = 1024;  // the PLIC architecture's limit
IrqSlot irq_table[kMaxSources];
uint32_t sources = 0;
uint64_t boot_hart = 0;  // where the kernel's own sources go (the console input)

void handle_external() {
  while (uint32_t irq = plic::claim()) {
    if (irq < sources + 1 && irq_table[irq].handler) {
      irq_table[irq].handler(irq, irq_table[irq].context);
      plic::complete(irq);
    } else {
      // Nobody wants it: keep it from storming. Completed first, while it
      // is still enabled here (else the PLIC ignores the completion and the
      // source would never interrupt again once someone wants it).
      plic::mask(irq);
      plic::complete(irq);
      plic::disable(irq);
    }
  }
}

}  // namespace

void interrupts_init(uint64_t plic_base, uint32_t source_count) {
  sources = source_count < kMaxSources ? source_count : kMaxSources - 1;
  boot_hart = this_cpu()->hart_id;
  if (plic_base) plic::init(plic_base, sources, boot_hart);
  csr::set_sie(csr::kSieStie | csr::kSieSsie | csr::kSieSeie);
}

void interrupts_init_hart() { csr::set_sie(csr::kSieStie | csr::kSieSsie | csr::kSieSeie); }

bool irq_register(uint32_t irq, IrqHandler handler, void* context, IrqReset reset) {
  if (irq == 0 || irq > sources) return false;
  irq_table[irq] = {handler, context, handler, context, reset};
  plic::enable(irq, boot_hart);
  return true;
}

bool irq_claim(uint32_t irq, IrqHandler handler, void* context) {
  if (irq == 0 || irq > sources) return false;
  irq_table[irq].handler = handler;
  irq_table[irq].context = context;
  plic::enable(irq, this_cpu()->hart_id);
  return true;
}

void irq_release(uint32_t irq) {
  if (irq == 0 || irq > sources) return;
  IrqSlot& slot = irq_table[irq];
  slot.handler = slot.kernel_handler;
  slot.context = slot.kernel_context;
  if (slot.handler) {
    if (slot.kernel_reset) slot.kernel_reset(slot.kernel_context);
    plic::enable(irq, boot_hart);
  } else {
    plic::disable(irq);
  }
}

void handle_interrupt(uint64_t code) {
  switch (code) {
    case csr::TimerInterrupt: sched::on_timer(); break;
    case csr::ExternalInterrupt: handle_external(); break;
    case csr::SoftwareInterrupt:
      // Another hart made a thread ready for us, or killed ours.
      csr::clear_sip(csr::kSieSsie);
      this_cpu()->need_resched = true;
      break;
    default: kprintf("kernel: unexpected interrupt %lu\n", code);
  }
}

void poll_interrupts() {
  uint64_t pending = csr::read_sip();
  if (pending & csr::kSieStie) handle_interrupt(csr::TimerInterrupt);
  if (pending & csr::kSieSeie) handle_interrupt(csr::ExternalInterrupt);
  if (pending & csr::kSieSsie) handle_interrupt(csr::SoftwareInterrupt);
}

}  // namespace kernel
