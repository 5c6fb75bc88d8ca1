// rtc: QEMU virt's goldfish real-time clock as /dev/rtc. A read gives the
// current UTC time as text, "2026-12-07T02:15:00Z\n", then end of file; the
// device is read-only. docs/writing-a-driver.md walks through this file.
// Startup handles (boot.conf: resource:rtc registry:devreg):
//   0: the RTC's MMIO range   1: its IRQ (unused: no alarms)   2: a DeviceRegistry
#include <stdio.h>
#include <string.h>

#include "abi/error.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"
#include "server/char_device.h"
#include "utc_text.h"
#include "tessera/service.h"

namespace {

class Rtc final : public server::CharDeviceOps {
 public:
  explicit Rtc(volatile uint32_t* registers) : registers_(registers) {}

  Result<uint32_t> read(uint64_t offset, uint8_t* out, uint32_t count) override {
    char text[rtc::kUtcTextLength];
    rtc::format_utc(rtc::utc_from_unix_seconds(nanoseconds() / 1'000'000'000), text);
    if (offset >= sizeof text) return 0u;  // end of file
    uint32_t n = count < sizeof text - offset ? count : uint32_t(sizeof text - offset);
    memcpy(out, text + offset, n);
    return n;
  }

 private:
  // Since the Unix epoch. Reading TIME_LOW latches TIME_HIGH, so low first.
  uint64_t nanoseconds() const {
    uint64_t low = registers_[0];
    return uint64_t{registers_[1]} << 32 | low;
  }

  volatile uint32_t* registers_;
};

int fail(const char* what, Error error) {
  printf("rtc: %s: %s\n", what, abi::error_name(error));
  return 1;
}

}  // namespace

int main() {
  if (!tessera::started_as_service("rtc")) return 2;
  auto handles = ipc::startup_handles();
  if (handles.size() != 3) {
    printf("rtc: expected startup handles: MMIO range, IRQ, device registry\n");
    return 2;
  }
  int64_t registers = sys::mmio_map(handles[0]);
  if (sys::failed(registers)) return fail("mmio_map", sys::error_of(registers));
  (void)ipc::close(handles[1]);
  static Rtc rtc(reinterpret_cast<volatile uint32_t*>(registers));
  static server::Server server;
  static server::CharDevice device(server, rtc);
  if (Status s = server.init(); !s) return fail("init", s.error());
  // The registry channel stays open: devfs forgets the devices of a closed one.
  if (Status s = device.register_as("rtc", handles[2]); !s) return fail("register rtc", s.error());
  return server.run();  // until devfs closes the device
}
