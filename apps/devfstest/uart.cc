// devfstest uart: bin/uart on a devfs of ours. Writes reach the console
// while a read waits; reads whose callers time out are dropped; lines typed into QEMU's stdin arrive edited (DEL
// erases, CR ends a line) one at a time; Ctrl-D alone is end of file. When
// devfs goes, the driver gives the UART back and exits. /dev/consctl and
// Ctrl-C: consctl.cc.
#include <stdio.h>
#include <string.h>

#include "abi/rights.h"
#include "abi/syscall.h"
#include "checks.h"
#include "ipc/open_flags.h"
#include "ipc/process.h"
#include "ipc/syscall.h"

namespace devfstest {

namespace {

namespace flags = ipc::open_flags;
using idl::fs::NodeKind;
using idl::fs::Stat;

constexpr const char* kName = "uart";
constexpr uint32_t kImpatientReads = 3;

uint32_t startup_handle_of(abi::ObjectType type) {
  for (uint32_t h : ipc::startup_handles()) {
    int64_t info = sys::handle_info(h);
    if (!sys::failed(info) && (uint64_t(info) >> 32) == uint64_t(type)) return h;
  }
  return 0;
}

// A read made by a thread of its own, so the test can act while it waits.
struct PendingRead {
  ipc::Handle file;
  char text[128];
  uint32_t length;
  Error error;
  bool done;
};

PendingRead pending;

void read_in_thread(void*) {
  Transport t(pending.file);
  idl::Data data;
  Status s = File(t).read(0, sizeof pending.text, data);
  pending.error = s.error();
  pending.length = s.ok() ? data.size : 0;
  if (s.ok()) memcpy(pending.text, data.data, data.size);
  __atomic_store_n(&pending.done, true, __ATOMIC_RELEASE);
}

bool write_line(File& console, const char* text) {
  uint32_t count = 0;
  uint32_t length = uint32_t(strlen(text));
  Status s = console.write(0, idl::Data{reinterpret_cast<const uint8_t*>(text), length}, count);
  return check_status(s, Error::Ok, kName, "write console") && check(count == length, kName, "short write");
}

// Reads once and checks the bytes.
bool read_expect(File& console, const char* expected) {
  idl::Data data;
  if (!check_status(console.read(0, 128, data), Error::Ok, kName, "read console")) return false;
  printf("uart: read %u bytes \"%.*s\"\n", data.size, int(data.size), reinterpret_cast<const char*>(data.data));
  return check(data.size == strlen(expected) && memcmp(data.data, expected, data.size) == 0, kName,
               "read the wrong bytes");
}

bool wait_for_console(FileSystem& fs) {
  Stat stat;
  for (int i = 0; i < 200; ++i) {
    if (fs.stat("console", stat).ok()) return check(stat.kind == NodeKind::Device, kName, "console is no device");
    sys::sleep_until(sys::read_time() + ms(10));
  }
  return check(false, kName, "the driver did not register console");
}

bool talk(FileSystem& fs) {
  ipc::Handle out_handle, in_handle;
  Stat stat;
  if (!check_status(fs.open("console", flags::kWriteOnly, 0, out_handle, stat), Error::Ok, kName, "open console")) {
    return false;
  }
  if (!check_status(fs.open("console", flags::kReadOnly, 0, in_handle, stat), Error::Ok, kName, "open console")) {
    return false;
  }
  Transport out_transport(out_handle), in_transport(in_handle);
  File out(out_transport), in(in_transport);
  if (!write_line(out, "uart: hello through the driver\n")) return false;
  idl::Data data;
  if (!check_status(out.read(0, 1, data), Error::AccessDenied, kName, "read a write-only console")) return false;
  if (!check_status(in.stat(stat), Error::Ok, kName, "stat console")) return false;
  if (!check(stat.kind == NodeKind::Device, kName, "the console file is no device")) return false;

  // Reads whose callers give up are dropped: several time out, and still a
  // read waits, and the line typed later goes to it, not to one of them.
  for (uint32_t i = 0; i < kImpatientReads; ++i) {
    Transport impatient(in_handle, sys::read_time() + ms(30));
    if (!check_status(File(impatient).read(0, 128, data), Error::TimedOut, kName, "a read that gives up")) {
      return false;
    }
  }

  pending.file = in_handle;
  if (!check(ipc::start_thread(read_in_thread, nullptr).ok(), kName, "start_thread failed")) return false;
  sys::sleep_until(sys::read_time() + ms(50));
  if (!check(!__atomic_load_n(&pending.done, __ATOMIC_ACQUIRE), kName, "a read returned with nothing typed")) {
    return false;
  }
  // The driver keeps serving writes while the read waits.
  if (!write_line(out, "uart: type a line\n")) return false;
  for (int i = 0; i < 2000 && !__atomic_load_n(&pending.done, __ATOMIC_ACQUIRE); ++i) {
    sys::sleep_until(sys::read_time() + ms(10));
  }
  if (!check(__atomic_load_n(&pending.done, __ATOMIC_ACQUIRE), kName, "no line arrived")) return false;
  if (!check_status(pending.error, Error::Ok, kName, "the waiting read")) return false;
  printf("uart: read %u bytes \"%.*s\"\n", pending.length, int(pending.length), pending.text);
  if (!check(pending.length == 11 && memcmp(pending.text, "hello uart\n", 11) == 0, kName, "read the wrong line")) {
    return false;
  }
  if (!write_line(out, "uart: type two lines\n")) return false;
  // One line at a time, and a short read leaves the rest of its line.
  if (!read_expect(in, "first\n")) return false;
  idl::Data part;
  if (!check_status(in.read(0, 3, part), Error::Ok, kName, "short read")) return false;
  if (!check(part.size == 3 && memcmp(part.data, "sec", 3) == 0, kName, "a short read took the wrong bytes")) {
    return false;
  }
  if (!read_expect(in, "ond\n")) return false;
  if (!write_line(out, "uart: type end of file\n")) return false;
  if (!read_expect(in, "")) return false;
  if (!check_console_control(fs, in, out)) return false;
  (void)ipc::close(in_handle);
  (void)ipc::close(out_handle);
  return true;
}

}  // namespace

int test_uart() {
  uint32_t range = startup_handle_of(abi::ObjectType::MmioRange);
  uint32_t irq = startup_handle_of(abi::ObjectType::Irq);
  if (!check(range && irq, kName, "start me with the UART's resources: devfstest uart +uart")) return 1;
  auto devfs = Devfs::start();
  if (!check(devfs.ok(), kName, "cannot start bin/devfs")) return 1;
  Transport fs_transport(devfs->fs), registry_transport(devfs->registry);
  FileSystem fs(fs_transport);
  ipc::Handle driver_registry = ipc::kInvalidHandle;
  if (!check_status(Registry(registry_transport).connect(driver_registry), Error::Ok, kName, "connect")) return 1;
  const char* argv[] = {"uart"};
  const ipc::Handle handles[] = {range, irq, driver_registry};
  auto driver = ipc::spawn(argv, handles);
  if (!check(driver.ok(), kName, "cannot start bin/uart")) return 1;
  bool ok = wait_for_console(fs) && talk(fs);
  ok = devfs->stop(kName) && ok;
  // Without devfs the driver hands the UART back and exits.
  int64_t status = ipc::wait(*driver, sys::read_time() + ms(2000));
  ok = check(status == 0, kName, "the driver did not exit with status 0 when devfs went") && ok;
  if (!ok) {
    sys::process_kill(*driver);
    return 1;
  }
  printf("PASS uart\n");
  return 0;
}

}  // namespace devfstest
