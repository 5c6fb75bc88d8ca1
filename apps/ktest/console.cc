// The debug console is a capability: debug_write needs a DebugConsole
// handle with the write right, and writes at most 256 bytes a call.
// Programs from the boot archive get a copy from their starter (init has
// the original); procmgr's programs get none.
#include <string.h>

#include "ipc/ipc.h"
#include "ipc/startup.h"
#include "ktest.h"

namespace ktest {

namespace {

constexpr char kTest[] = "debugconsole";

// Every way to name no console, or the wrong thing, fails before a byte is written.
int refusals(ipc::Handle console) {
  int failures = 0;
  failures += !check_error(sys::debug_write(0, "x", 1), abi::Error::BadHandle, kTest, "write with handle 0");
  failures += !check_error(sys::debug_write(console | (1ull << 19), "x", 1), abi::Error::BadHandle, kTest,
                           "write with a forged handle");
  auto port = ipc::port_create();
  if (!check(port.ok(), kTest, "port_create")) return failures + 1;
  failures += !check_error(sys::debug_write(*port, "x", 1), abi::Error::WrongType, kTest, "write with a port");
  (void)sys::handle_close(*port);
  int64_t read_only = sys::handle_dup(console, abi::rights::kTransfer | abi::rights::kDuplicate);
  if (!check(!sys::failed(read_only), kTest, "handle_dup")) return failures + 1;
  failures += !check_error(sys::debug_write(uint32_t(read_only), "x", 1), abi::Error::AccessDenied, kTest,
                           "write without the write right");
  (void)sys::handle_close(uint32_t(read_only));
  return failures;
}

}  // namespace

// --- debugconsole: run from the archive (init's own console), where the
// console was passed on.
int test_debug_console() {
  ipc::Handle console = ipc::debug_console();
  if (!check(console != 0, kTest, "no debug console was passed")) return 1;
  int failures = 0;
  uint64_t info = uint64_t(sys::handle_info(console));
  failures += !check(info >> 32 == uint64_t(abi::ObjectType::DebugConsole), kTest, "the handle is no debug console");
  // A long write is cut to the kernel's bound: 256 spaces reach the console.
  static char blanks[4096];
  memset(blanks, ' ', sizeof blanks);
  failures += !check(sys::debug_write(console, blanks, sizeof blanks) == 256, kTest, "a long write was not cut to 256");
  failures += !check(sys::debug_write(console, "\n", 1) == 1, kTest, "a one-byte write");
  failures += refusals(console);
  if (failures == 0) printf("PASS %s\n", kTest);
  return failures;
}

// --- nodebug: run by procmgr (the full system), which passes no console:
// the program has none, and its writes fail cleanly.
int test_no_debug_console() {
  int failures = 0;
  failures += !check(ipc::aux_value(abi::kAuxDebugConsole) == 0, "nodebug", "procmgr passed a debug console");
  failures += !check_error(sys::debug_write(ipc::debug_console(), "x", 1), abi::Error::BadHandle, "nodebug",
                           "a write without the console");
  if (failures == 0) printf("PASS nodebug\n");
  return failures;
}

}  // namespace ktest
