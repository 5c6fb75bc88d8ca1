#include "debug/console_input.h"

#include "abi/syscall.h"
#include "arch/interrupts.h"
#include "mm/layout.h"
#include "mm/page_table.h"
#include "sched/scheduler.h"
#include "sched/wait_queue.h"

namespace kernel {

namespace {

constexpr uint64_t kReceiveBuffer = 0;    // RBR
constexpr uint64_t kInterruptEnable = 1;  // IER
constexpr uint64_t kLineStatus = 5;       // LSR
constexpr uint8_t kDataReady = 1;
constexpr uint8_t kReceiveInterrupt = 1;
constexpr size_t kRingSize = 4096;

volatile uint8_t* uart = nullptr;
char ring[kRingSize];
size_t head = 0;  // next byte to read
size_t tail = 0;  // next free slot
WaitQueue readers;
bool throttled = false;  // the receive interrupt is off: the ring was full

// Input the ring has no room for stays in the UART, which holds the sender
// back; the receive interrupt is off until a read makes room.
void on_receive(uint32_t, void*) {
  while (tail - head < kRingSize && (uart[kLineStatus] & kDataReady)) ring[tail++ % kRingSize] = char(uart[kReceiveBuffer]);
  throttled = tail - head == kRingSize;
  if (throttled) uart[kInterruptEnable] = 0;
  readers.wake_all(Error::Ok);
}

// Receive interrupts only: the UART driver may have died with others on.
void reset_uart(void*) {
  throttled = false;
  uart[kInterruptEnable] = kReceiveInterrupt;
}

}  // namespace

void console_input_init(uint64_t uart_base, uint32_t irq) {
  if (!uart_base) return;
  map_kernel_device(uart_base, 4096);
  uart = phys_to_virt<volatile uint8_t>(uart_base);
  reset_uart(nullptr);
  irq_register(irq, on_receive, nullptr, reset_uart);
}

size_t console_read(char* buffer, size_t capacity) {
  while (head == tail) {
    if (sched::block(&readers, abi::kForever) != Error::Ok) return 0;  // the reader is being killed
  }
  size_t n = 0;
  while (n < capacity && head != tail) buffer[n++] = ring[head++ % kRingSize];
  if (throttled) reset_uart(nullptr);  // room again: what waits in the UART interrupts now
  return n;
}

}  // namespace kernel
