// init: the first user process, the root task and supervisor. It alone
// holds the root capabilities the kernel made at boot (every device's MMIO
// range and IRQ, the boot archive, power); it reads the boot configuration
// from the boot archive, starts each service with only the handles the
// configuration gives it, restarts services that die, and then runs the
// console.
//
// Arguments: init [--config=PATH | --config=none] [--console=init]
// [PROGRAM ARGS...] (from the kernel command line). --config=none starts no
// services: the bare kernel with init's console, which the kernel tests
// use. The console runs the configuration's `console` program (the shell),
// or init's own command loop with --console=init (the QEMU tests that drive
// `init>`) or without one. A program named on the command line runs first.
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "console.h"
#include "ipc/boot_archive.h"
#include "ipc/ipc.h"
#include "ipc/syscall.h"
#include "cpio.h"
#include "resources.h"
#include "power_device.h"
#include "supervisor.h"
#include "tessera/posix.h"

namespace {

constexpr const char kConfigOption[] = "--config=";
constexpr const char kDefaultConfig[] = "etc/boot.conf";
constexpr const char kInitConsole[] = "--console=init";

init::Config config;

// Reads and parses the configuration from the boot archive.
bool load_config(const char* path) {
  auto archive = ipc::boot_archive();  // stays mapped: services and programs start from it
  if (archive.empty()) {
    printf("init: no boot archive to read %s from\n", path);
    return false;
  }
  tessera::CpioReader reader(archive);
  auto entry = reader.find(path);
  bool ok = entry.ok();
  if (!ok) printf("init: %s: %s\n", path, abi::error_name(entry.error()));
  if (ok) {
    init::ParseError e = init::parse_config(reinterpret_cast<const char*>(entry->data.data()), entry->data.size(), config);
    ok = e.line == 0;
    if (!ok) printf("init: %s:%zu: %s\n", path, e.line, e.what);
  }
  return ok;
}

// One driver service per virtio device a `virtio` line of the
// configuration names, found by reading the slots.
void add_device_drivers() {
  constexpr size_t kMaxSlots = 16;
  init::VirtioSlot slots[kMaxSlots];
  size_t count = init::probe_virtio_slots(slots, kMaxSlots);
  size_t before = config.service_count;
  init::AddedServices services = init::add_virtio_services(config, slots, count);
  for (size_t i = before; i < before + services.added; ++i) {
    printf("init: %s drives %s\n", config.services[i].name, config.services[i].handles[0].name);
  }
  if (services.no_room) printf("init: no room for %zu more device drivers\n", services.no_room);
}

void watch_services(void* supervisor) { static_cast<init::Supervisor*>(supervisor)->watch(); }

}  // namespace

int main(int argc, char** argv) {
  uint64_t instret = sys::read_instret();
  printf("init: started at instret %lu\n", instret);
  for (int i = 0; i < argc; ++i) printf("init: argv[%d] = \"%s\"\n", i, argv[i]);
  init::list_resources();

  const char* config_path = kDefaultConfig;
  bool init_console = false;
  int first = 1;
  for (; first < argc; ++first) {
    if (strncmp(argv[first], kConfigOption, sizeof kConfigOption - 1) == 0) {
      config_path = argv[first] + sizeof kConfigOption - 1;
    } else if (strcmp(argv[first], kInitConsole) == 0) {
      init_console = true;
    } else {
      break;
    }
  }
  static init::Supervisor supervisor(config);
  init::ConsoleServices services;
  if (strcmp(config_path, "none") != 0 && load_config(config_path)) {
    add_device_drivers();
    supervisor.start_all();
    services = {supervisor.client_end("vfs"), supervisor.client_end("procmgr"), &supervisor};
    if (services.vfs && supervisor.client_end("devreg")) {
      init::start_power_device(supervisor.client_end("devreg"), services.vfs);
    }
    // The console's program and what it starts manage services through it.
    if (auto manager = supervisor.manager_end()) tessera::set_services_session(*manager);
    else printf("init: cannot serve the ServiceManager: %s\n", abi::error_name(manager.error()));
    if (!ipc::start_thread(watch_services, &supervisor).ok()) printf("init: cannot watch services\n");
  }
  bool device = init::attach_console(services);
  if (argc > first) init::run_command(argv + first, argc - first, services);
  init::console_loop(services, device, init_console || !config.console[0] ? nullptr : config.console);
}
