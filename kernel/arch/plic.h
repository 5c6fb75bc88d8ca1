// The platform-level interrupt controller, as seen from this hart's S-mode
// context.
#pragma once

#include <cstdint>

namespace kernel::plic {

void init(uint64_t base, uint32_t source_count, uint64_t hart_id);
void enable(uint32_t irq);
void disable(uint32_t irq);
// The highest-priority pending source, or 0.
uint32_t claim();
void complete(uint32_t irq);

}  // namespace kernel::plic
