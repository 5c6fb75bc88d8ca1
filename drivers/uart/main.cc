// uart: the ns16550a console driver. It registers the device "console"
// with devfs and serves it (console_device.h: the server loop and the read
// path; console.h: the interrupt-driven UART and its line discipline), and
// "consctl", the console's foreground process for Ctrl-C (console_control.h).
// Startup handles (docs/architecture.md):
//   0: the UART's MMIO range    1: its IRQ    2: a DeviceRegistry client end
// The registry channel stays open for the driver's life: devfs drops the
// devices of a registry channel that closes. The driver ends when devfs
// closes its Device channel, handing the UART back to the kernel's console
// (receive interrupts only, nothing left to send).
#include <stdio.h>

#include "abi/rights.h"
#include "console.h"
#include "console_control.h"
#include "console_device.h"
#include "foreground.h"
#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ipc/syscall.h"
#include "server/server.h"
#include "tessera/service.h"

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
  if (!tessera::started_as_service("uart")) return 2;
  auto handles = ipc::startup_handles();
  if (handles.size() != 3 || !is_a(handles[0], abi::ObjectType::MmioRange) ||
      !is_a(handles[1], abi::ObjectType::Irq) || !is_a(handles[2], abi::ObjectType::Channel)) {
    printf("uart: expected startup handles: MMIO range, IRQ, device registry\n");
    return 2;
  }
  int64_t registers = sys::mmio_map(handles[0]);
  if (sys::failed(registers)) return fail("mmio_map", sys::error_of(registers));
  static server::Server server;
  Status ready = server.init();
  if (!ready) return fail("port_create", ready.error());
  static uart::Console console(reinterpret_cast<volatile uint8_t*>(registers));
  static uart::Foreground foreground;
  static uart::ConsoleDevice device(server, console, foreground, handles[1]);
  Status started = device.start(handles[2]);
  if (!started) {
    console.stop();
    return fail("start console", started.error());
  }
  // Without consctl the console still works; Ctrl-C then ends nothing.
  static uart::ConsoleControl control(server, foreground);
  Status controlled = control.register_as("consctl", handles[2]);
  if (!controlled) printf("uart: register consctl: %s\n", abi::error_name(controlled.error()));
  int status = server.run();
  console.stop();
  // Exit without tearing the server down: the open files it would delete
  // refer to the device, which static destruction removes first.
  sys::process_exit(static_cast<uint32_t>(status));
}
