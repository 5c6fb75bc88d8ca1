// Console input for the kernel's debug console: the UART's receive
// interrupt fills a ring buffer that debug_read drains. (The user-space UART
// driver takes the device over in a later step.)
#pragma once

#include <cstddef>
#include <cstdint>

namespace kernel {

void console_input_init(uint64_t uart_base, uint32_t irq);
// Copies up to capacity buffered bytes; blocks until at least one arrives.
size_t console_read(char* buffer, size_t capacity);

}  // namespace kernel
