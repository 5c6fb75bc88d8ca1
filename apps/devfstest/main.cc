// devfstest: devfs and the UART driver, checked from user mode. Run from
// init's console; each subcommand starts its own devfs (bin/devfs with
// fresh channels) and talks to it directly, printing "PASS <name>" or
// "FAIL <name>: why" for the QEMU tests to read.
//   files     null, zero and the directory; errors; malformed messages
//   registry  devices registered by a fake driver (a thread of this
//             program): open goes to the driver; devices go away with
//             their channels; a driver that does not answer
//   uart      bin/uart started on a devfs of ours: write to /dev/console
//             and read lines typed into QEMU's stdin. Needs the UART's
//             resources: "devfstest uart +uart"
//   rtc       /dev/rtc through the running system: one UTC time, then end
//             of file; printed as "rtc: <time>" for the test to compare
#include <stdio.h>
#include <string.h>

#include "abi/syscall.h"
#include "checks.h"
#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/process.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "ipc/transport.h"

namespace devfstest {

int test_files();
int test_registry();
int test_uart();
int test_rtc();

Result<Devfs> Devfs::start() {
  auto fs = ipc::channel_create();
  if (!fs) return fs.error();
  auto registry = ipc::channel_create();
  if (!registry) return registry.error();
  const char* argv[] = {"devfs"};
  const ipc::Handle handles[] = {fs->b, registry->b};
  auto process = ipc::spawn(argv, handles);
  if (!process) return process.error();
  return Devfs{*process, fs->a, registry->a};
}

bool Devfs::stop(const char* test) {
  // Without its FileSystem client devfs has nothing left to do: it exits.
  (void)ipc::close(fs);
  (void)ipc::close(registry);
  int64_t status = ipc::wait(process, sys::read_time() + ms(2000));
  (void)ipc::close(process);
  return check(status == 0, test, "devfs did not exit with status 0 when its channels closed");
}

bool check(bool ok, const char* test, const char* why) {
  if (!ok) printf("FAIL %s: %s\n", test, why);
  return ok;
}

bool check_status(Status got, Error expected, const char* test, const char* what) {
  if (got.error() == expected) return true;
  printf("FAIL %s: %s returned %s, expected %s\n", test, what, abi::error_name(got.error()),
         abi::error_name(expected));
  return false;
}

uint64_t ms(uint64_t n) { return ipc::ticks_from_ms(n); }

}  // namespace devfstest

int main(int argc, char** argv) {
  struct Command {
    const char* name;
    int (*run)();
  };
  const Command commands[] = {
      {"files", devfstest::test_files},
      {"registry", devfstest::test_registry},
      {"uart", devfstest::test_uart},
      {"rtc", devfstest::test_rtc},
  };
  if (argc < 2) {
    printf("usage: devfstest files|registry|uart|rtc...\n");
    return 2;
  }
  int failures = 0;
  for (int i = 1; i < argc; ++i) {
    const Command* found = nullptr;
    for (const Command& c : commands) {
      if (strcmp(c.name, argv[i]) == 0) found = &c;
    }
    if (!found) {
      printf("devfstest: no test named %s\n", argv[i]);
      return 2;
    }
    failures += found->run();
  }
  return failures;
}
