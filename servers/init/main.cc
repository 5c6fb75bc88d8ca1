// init: the first user process, the root task and supervisor. It alone
// holds the root capabilities the kernel made at boot (every device's MMIO
// range and IRQ, the boot archive, power); it reads the boot configuration
// from the boot archive, starts each service with only the handles the
// configuration gives it, restarts services that die, and then runs the
// console's program (the shell) on /dev/console.
//
// Arguments: init [--config=PATH | --config=none] [PROGRAM ARGS...] (from
// the kernel command line). A program named on the command line runs
// first. --config=none starts no services: the bare kernel, with init's
// kernel test monitor (test_monitor.h) instead of a console program, which
// the kernel tests use. A configuration that does not load leaves the
// machine without services and without a console (the log says why): the
// test monitor is for bare-kernel boots only.
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
#include "test_monitor.h"

namespace {

constexpr const char kConfigOption[] = "--config=";
constexpr const char kDefaultConfig[] = "etc/boot.conf";

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
  int first = 1;
  for (; first < argc && strncmp(argv[first], kConfigOption, sizeof kConfigOption - 1) == 0; ++first) {
    config_path = argv[first] + sizeof kConfigOption - 1;
  }
  bool bare = strcmp(config_path, "none") == 0;
  static init::Supervisor supervisor(config);
  init::ConsoleServices services;
  if (!bare && load_config(config_path)) {
    add_device_drivers();
    supervisor.start_all();
    services = {supervisor.client_end("vfs"), supervisor.client_end("procmgr")};
    if (services.vfs && supervisor.client_end("devreg")) {
      init::start_power_device(supervisor.client_end("devreg"), services.vfs);
    }
    // The console's program and what it starts manage services through it.
    if (auto manager = supervisor.manager_end()) tessera::set_services_session(*manager);
    else printf("init: cannot serve the ServiceManager: %s\n", abi::error_name(manager.error()));
    if (!ipc::start_thread(watch_services, &supervisor).ok()) printf("init: cannot watch services\n");
  }
  init::attach_console(services);
  if (argc > first) init::run_command(argv + first, argc - first, services);
  if (bare) init::run_test_monitor(services);
  init::run_console(services, config.console);
}
