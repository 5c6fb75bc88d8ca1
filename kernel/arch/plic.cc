#include "arch/plic.h"

#include "arch/cpu.h"
#include "mm/layout.h"

namespace kernel::plic {

namespace {

constexpr uint32_t kMaxSources = 1024;  // the PLIC architecture's limit
constexpr uint16_t kNowhere = 0xffff;

uint64_t base_va = 0;
uint32_t sources = 0;
// The context each source is enabled in (kNowhere: none): one at a time.
uint16_t routed_to[kMaxSources];

// A hart's S-mode context on QEMU virt: 2 * hart + 1 (M-mode's is 2 * hart).
uint64_t context_of(uint64_t hart_id) { return 2 * hart_id + 1; }
uint64_t this_context() { return context_of(this_cpu()->hart_id); }

volatile uint32_t& reg(uint64_t offset) { return *reinterpret_cast<volatile uint32_t*>(base_va + offset); }

uint64_t priority(uint32_t irq) { return 4 * irq; }
uint64_t enable_word(uint64_t context, uint32_t irq) { return 0x2000 + 0x80 * context + 4 * (irq / 32); }
uint64_t threshold(uint64_t context) { return 0x200000 + 0x1000 * context; }
uint64_t claim_register(uint64_t context) { return threshold(context) + 4; }

void set_enabled(uint64_t context, uint32_t irq, bool on) {
  volatile uint32_t& word = reg(enable_word(context, irq));
  uint32_t bit = 1u << (irq % 32);
  word = on ? word | bit : word & ~bit;
}

// No source enabled in the context, and any priority above 0 gets through.
void open_context(uint64_t context) {
  for (uint32_t irq = 0; irq <= sources; irq += 32) reg(enable_word(context, irq)) = 0;
  reg(threshold(context)) = 0;
}

}  // namespace

void init(uint64_t base, uint32_t source_count, uint64_t hart_id) {
  base_va = base + kVirtOffset;
  sources = source_count < kMaxSources ? source_count : kMaxSources - 1;
  for (uint32_t irq = 0; irq < kMaxSources; ++irq) routed_to[irq] = kNowhere;
  for (uint32_t irq = 1; irq <= sources; ++irq) reg(priority(irq)) = 0;
  open_context(context_of(hart_id));
}

void init_hart(uint64_t hart_id) {
  if (base_va) open_context(context_of(hart_id));
}

void route(uint32_t irq, uint64_t hart_id) {
  auto context = static_cast<uint16_t>(context_of(hart_id));
  uint16_t old = routed_to[irq];
  if (old == context) return;
  // Enabled in the new context before it leaves the old one: an interrupt
  // pending meanwhile is signalled to one of them, never to none.
  set_enabled(context, irq, true);
  if (old != kNowhere) set_enabled(old, irq, false);
  routed_to[irq] = context;
}

void enable(uint32_t irq, uint64_t hart_id) {
  route(irq, hart_id);
  unmask(irq);
}

void disable(uint32_t irq) {
  mask(irq);
  if (routed_to[irq] != kNowhere) set_enabled(routed_to[irq], irq, false);
  routed_to[irq] = kNowhere;
}

void mask(uint32_t irq) { reg(priority(irq)) = 0; }

void unmask(uint32_t irq) { reg(priority(irq)) = 1; }

uint32_t claim() { return reg(claim_register(this_context())); }

void complete(uint32_t irq) { reg(claim_register(this_context())) = irq; }

}  // namespace kernel::plic
