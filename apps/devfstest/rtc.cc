// devfstest rtc: /dev/rtc through the running system (the Vfs session
// procmgr gives this program, the /dev mount, devfs, the rtc driver). The
// text must be one well-formed UTC time, then end of file; the device is
// read-only. The time read is printed for the QEMU test to compare with
// the host's clock.
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "ipc/open_flags.h"
#include "ipc/startup.h"
#include "vfs.idl.h"

namespace devfstest {

namespace {

namespace flags = ipc::open_flags;
constexpr const char* kName = "rtc";
constexpr char kShape[] = "dddd-dd-ddTdd:dd:ddZ\n";  // d: a digit

bool well_formed(const idl::Data& text) {
  if (text.size != sizeof kShape - 1) return false;
  for (uint32_t i = 0; i < text.size; ++i) {
    char c = char(text.data[i]);
    if (kShape[i] == 'd' ? c < '0' || c > '9' : c != kShape[i]) return false;
  }
  auto number = [&text](uint32_t at) { return (text.data[at] - '0') * 10 + (text.data[at + 1] - '0'); };
  int month = number(5), day = number(8);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && number(11) < 24 && number(14) < 60 &&
         number(17) < 60;
}

}  // namespace

int test_rtc() {
  auto handles = ipc::startup_handles();
  if (!check(!handles.empty(), kName, "no Vfs session (run me from init's prompt)")) return 1;
  Transport session(handles[0]);
  ipc::Handle h = ipc::kInvalidHandle;
  idl::fs::Stat stat;
  Status opened = idl::vfs::VfsClient<Transport>(session).open("/dev/rtc", flags::kReadOnly, 0, h, stat);
  if (!check_status(opened, Error::Ok, kName, "open /dev/rtc")) return 1;
  Transport transport(h);
  File rtc(transport);
  idl::Data text, end;
  bool ok = check(stat.kind == idl::fs::NodeKind::Device, kName, "/dev/rtc is not a device") &&
            check_status(rtc.read(0, 64, text), Error::Ok, kName, "read") &&
            check(well_formed(text), kName, "not a YYYY-MM-DDTHH:MM:SSZ line");
  if (ok) printf("rtc: %.*s", int(text.size), reinterpret_cast<const char*>(text.data));
  ok = ok && check_status(rtc.read(text.size, 64, end), Error::Ok, kName, "read at the end") &&
       check(end.size == 0, kName, "no end of file after the line");
  static const uint8_t kByte = '0';
  uint32_t count = 0;
  ok = ok && check_status(rtc.write(0, idl::Data{&kByte, 1}, count), Error::AccessDenied, kName, "write");
  (void)ipc::close(h);
  if (ok) printf("PASS %s\n", kName);
  return ok ? 0 : 1;
}

}  // namespace devfstest
