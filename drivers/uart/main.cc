// uart: the ns16550a console driver. It registers the device "console"
// with devfs and serves it (server.h: threads and the read path; console.h:
// the interrupt-driven UART and its line discipline). Startup handles
// (docs/architecture.md):
//   0: the UART's MMIO range    1: its IRQ    2: a DeviceRegistry client end
// The registry channel stays open for the driver's life: devfs drops the
// devices of a registry channel that closes. The driver ends when devfs
// closes its Device channel, handing the UART back to the kernel's console
// (receive interrupts only, nothing left to send).
#include <stdio.h>

#include "abi/rights.h"
#include "console.h"
#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ipc/syscall.h"
#include "ipc/transport.h"
#include "server.h"

namespace {

bool is_a(ipc::Handle handle, abi::ObjectType type) {
  int64_t info = sys::handle_info(handle);
  return !sys::failed(info) && (uint64_t(info) >> 32) == uint64_t(type);
}

int fail(const char* what, Error error) {
  printf("uart: %s: %s\n", what, abi::error_name(error));
  return 1;
}

}  // namespace

int main() {
  auto handles = ipc::startup_handles();
  if (handles.size() != 3 || !is_a(handles[0], abi::ObjectType::MmioRange) ||
      !is_a(handles[1], abi::ObjectType::Irq) || !is_a(handles[2], abi::ObjectType::Channel)) {
    printf("uart: expected startup handles: MMIO range, IRQ, device registry\n");
    return 2;
  }
  ipc::Handle irq = handles[1];
  int64_t registers = sys::mmio_map(handles[0]);
  if (sys::failed(registers)) return fail("mmio_map", sys::error_of(registers));
  auto port = ipc::port_create();
  if (!port) return fail("port_create", port.error());
  auto device = ipc::channel_create();
  if (!device) return fail("channel_create", device.error());
  ipc::ChannelTransport registry(handles[2]);
  Status registered = idl::fs::DeviceRegistryClient<ipc::ChannelTransport>(registry).register_("console", device->a);
  if (!registered) return fail("register console", registered.error());

  static uart::Console console(reinterpret_cast<volatile uint8_t*>(registers));
  static uart::Server server(*port, irq, console);
  Status bound = ipc::port_bind(*port, device->b, uart::Server::kDeviceBadge);
  if (!bound) return fail("port_bind", bound.error());
  int64_t irq_bound = sys::irq_bind(irq, *port, uart::Server::kIrqBadge);
  if (sys::failed(irq_bound)) return fail("irq_bind", sys::error_of(irq_bound));
  console.lock().lock();
  console.start();
  console.lock().unlock();
  for (uint32_t i = 1; i < uart::Server::kThreads; ++i) {
    auto thread = ipc::start_thread(uart::Server::serve_thread, &server);
    if (!thread) return fail("start_thread", thread.error());
    (void)ipc::close(*thread);
  }
  server.serve();
}
