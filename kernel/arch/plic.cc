#include "arch/plic.h"

#include "mm/layout.h"

namespace kernel::plic {

namespace {

uint64_t base_va = 0;
uint64_t context = 1;  // hart 0's S-mode context on QEMU virt: 2 * hart + 1

volatile uint32_t& reg(uint64_t offset) { return *reinterpret_cast<volatile uint32_t*>(base_va + offset); }

uint64_t priority(uint32_t irq) { return 4 * irq; }
uint64_t enable_word(uint32_t irq) { return 0x2000 + 0x80 * context + 4 * (irq / 32); }
uint64_t threshold() { return 0x200000 + 0x1000 * context; }
uint64_t claim_register() { return threshold() + 4; }

}  // namespace

void init(uint64_t base, uint32_t source_count, uint64_t hart_id) {
  base_va = base + kVirtOffset;
  context = 2 * hart_id + 1;
  for (uint32_t irq = 1; irq <= source_count; ++irq) {
    reg(priority(irq)) = 0;
    disable(irq);
  }
  reg(threshold()) = 0;
}

void enable(uint32_t irq) {
  reg(enable_word(irq)) = reg(enable_word(irq)) | (1u << (irq % 32));
  unmask(irq);
}

void disable(uint32_t irq) {
  mask(irq);
  reg(enable_word(irq)) = reg(enable_word(irq)) & ~(1u << (irq % 32));
}

void mask(uint32_t irq) { reg(priority(irq)) = 0; }

void unmask(uint32_t irq) { reg(priority(irq)) = 1; }

uint32_t claim() { return reg(claim_register()); }

void complete(uint32_t irq) { reg(claim_register()) = irq; }

}  // namespace kernel::plic
