// devfstest uart, its second part: /dev/consctl, the console's foreground
// job (drivers/uart/foreground.h). Ctrl-C typed at the console kills the
// processes added to the job, and interrupted() and clearForeground() say
// so; a handle without the manage right is refused; a job goes with the
// channel that added it, and Ctrl-C then breaks off the console's reader.
// The line typed after each Ctrl-C, read back, shows the driver took the
// Ctrl-C before it (bytes are taken in order).
#include <stdio.h>
#include <string.h>

#include "abi/rights.h"
#include "abi/syscall.h"
#include "checks.h"
#include "console.idl.h"
#include "ipc/open_flags.h"
#include "ipc/syscall.h"

namespace devfstest {

namespace {

using Control = idl::console::ConsoleControlClient<Transport>;

constexpr const char* kName = "uart";
constexpr uint32_t kManaged = abi::rights::kBasic | abi::rights::kManage;

Result<ipc::Handle> empty_process(const char* name) {
  int64_t handle = sys::process_create(name, strlen(name));
  if (sys::failed(handle)) return sys::error_of(handle);
  return static_cast<ipc::Handle>(handle);
}

bool open_control(FileSystem& fs, ipc::Handle& control) {
  idl::fs::Stat stat;
  return check_status(fs.open("consctl", ipc::open_flags::kReadWrite, 0, control, stat), Error::Ok, kName,
                      "open consctl");
}

bool say(File& out, const char* text) {
  uint32_t count = 0;
  Status s = out.write(0, idl::Data{reinterpret_cast<const uint8_t*>(text), uint32_t(strlen(text))}, count);
  return check_status(s, Error::Ok, kName, "write console");
}

bool read_line(File& in, const char* expected) {
  idl::Data data;
  if (!check_status(in.read(0, 128, data), Error::Ok, kName, "read console")) return false;
  printf("uart: read %u bytes \"%.*s\"\n", data.size, int(data.size), reinterpret_cast<const char*>(data.data));
  return check(data.size == strlen(expected) && memcmp(data.data, expected, data.size) == 0, kName,
               "read the wrong bytes after Ctrl-C");
}

bool check_flag(Status s, bool got, bool expected, const char* what) {
  if (!check_status(s, Error::Ok, kName, what)) return false;
  if (got != expected) printf("FAIL %s: %s said %d, expected %d\n", kName, what, got, expected);
  return got == expected;
}

// Ctrl-C kills the job and says so.
bool interrupt_kills(FileSystem& fs, File& in, File& out) {
  ipc::Handle handle;
  if (!open_control(fs, handle)) return false;
  Transport transport(handle);
  Control control(transport);
  auto victim = empty_process("victim");
  if (!check(victim.ok(), kName, "process_create failed")) return false;
  auto basic = ipc::duplicate(*victim, abi::rights::kBasic);
  auto managed = ipc::duplicate(*victim, kManaged);
  if (!check(basic.ok() && managed.ok(), kName, "handle_dup failed")) return false;
  bool flag = true;
  bool ok = check_status(control.add_foreground(*basic), Error::AccessDenied, kName, "add without manage") &&
            check_status(control.add_foreground(*managed), Error::Ok, kName, "add") &&
            check_flag(control.interrupted(flag), flag, false, "interrupted before Ctrl-C") &&
            say(out, "uart: type Ctrl-C\n") && read_line(in, "after\n");
  if (ok) {
    int64_t status = sys::process_wait(*victim, sys::read_time() + ms(2000));
    ok = check(status == abi::kExitKilled, kName, "Ctrl-C did not kill the foreground job") &&
         check_flag(control.interrupted(flag), flag, true, "interrupted after Ctrl-C") &&
         check_flag(control.clear_foreground(flag), flag, true, "clearForeground after Ctrl-C") &&
         check_flag(control.clear_foreground(flag), flag, false, "clearForeground again");
  }
  (void)ipc::close(*victim);
  (void)ipc::close(handle);
  return ok;
}

// The job of a channel that closed is gone: Ctrl-C kills nothing.
bool job_goes_with_its_channel(FileSystem& fs, File& in, File& out) {
  ipc::Handle handle;
  if (!open_control(fs, handle)) return false;
  auto survivor = empty_process("survivor");
  if (!check(survivor.ok(), kName, "process_create failed")) return false;
  auto managed = ipc::duplicate(*survivor, kManaged);
  bool ok = check(managed.ok(), kName, "handle_dup failed");
  if (ok) {
    Transport transport(handle);
    ok = check_status(Control(transport).add_foreground(*managed), Error::Ok, kName, "add");
  }
  (void)ipc::close(handle);
  // With no job the reader has the terminal: Ctrl-C breaks off its read
  // (libc's SIGINT), and the line after it comes to the next read.
  idl::Data none;
  ok = ok && say(out, "uart: type Ctrl-C again\n") &&
       check_status(in.read(0, 128, none), Error::Interrupted, kName, "read broken off by Ctrl-C") &&
       read_line(in, "again\n");
  if (ok) {
    int64_t status = sys::process_wait(*survivor, sys::read_time());
    ok = check(sys::failed(status) && sys::error_of(status) == Error::TimedOut, kName,
               "Ctrl-C killed the job of a channel that had closed");
  }
  (void)sys::process_kill(*survivor);
  (void)ipc::close(*survivor);
  return ok;
}

}  // namespace

bool check_console_control(FileSystem& fs, File& in, File& out) {
  return interrupt_kills(fs, in, out) && job_goes_with_its_channel(fs, in, out);
}

}  // namespace devfstest
