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

// The kernel takes input only while a reader waits for it. Everything else
// stays in the UART, which holds the sender back (QEMU stops reading its
// stdin): typed-ahead lines and a paste made during boot then reach whoever
// reads the console first, the UART driver included, instead of a ring
// nobody reads once the driver has taken the device over.
void set_receiving(bool on) { uart[kInterruptEnable] = on ? kReceiveInterrupt : 0; }

void on_receive(uint32_t, void*) {
  while (tail - head < kRingSize && (uart[kLineStatus] & kDataReady)) ring[tail++ % kRingSize] = char(uart[kReceiveBuffer]);
  set_receiving(false);
  readers.wake_all(Error::Ok);
}

// The device comes back from a driver (it died, perhaps with other
// interrupts on): receive again only for a waiting reader.
void reset_uart(void*) { set_receiving(!readers.empty()); }

}  // namespace

void console_input_init(uint64_t uart_base, uint32_t irq) {
  if (!uart_base) return;
  map_kernel_device(uart_base, 4096);
  uart = phys_to_virt<volatile uint8_t>(uart_base);
  set_receiving(false);
  irq_register(irq, on_receive, nullptr, reset_uart);
}

size_t console_read(char* buffer, size_t capacity) {
  while (head == tail) {
    set_receiving(true);
    if (sched::block(&readers, abi::kForever) != Error::Ok) return 0;  // the reader is being killed
  }
  size_t n = 0;
  while (n < capacity && head != tail) buffer[n++] = ring[head++ % kRingSize];
  return n;
}

}  // namespace kernel
