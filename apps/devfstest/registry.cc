// devfstest registry: a fake driver (a thread of this program) registers
// devices; devfs's open hands out the driver's own File channels; devices
// go away with their channels; a driver that never answers costs devfs a
// timeout, not its life; waitFor answers when a device registers.
#include <stdio.h>
#include <string.h>

#include "abi/syscall.h"
#include "checks.h"
#include "ipc/open_flags.h"
#include "ipc/syscall.h"

namespace devfstest {

namespace {

namespace flags = ipc::open_flags;
using idl::fs::NodeKind;
using idl::fs::Stat;

constexpr const char* kName = "registry";
constexpr uint64_t kDeviceBadge = 1;
constexpr uint64_t kFirstFileBadge = 16;

// The fake driver: Device.open gives a File channel whose reads say
// "fake:<flags>", and refuses write-only opens with AccessDenied.
struct FakeDriver {
  ipc::Handle port;
  uint64_t next_badge = kFirstFileBadge;
  uint32_t opens = 0;

  Status open(const idl::fs::DeviceOpenParams& in, idl::fs::DeviceOpenResults& out) {
    if ((in.flags & flags::kAccessMask) == flags::kWriteOnly) return Error::AccessDenied;
    auto pair = ipc::channel_create();
    if (!pair) return pair.error();
    TRY(ipc::port_bind(port, pair->b, next_badge | uint64_t(in.flags) << 32));
    ++next_badge;
    ++opens;
    out.file = pair->a;
    return {};
  }
};

struct FakeFile {
  uint32_t flags;
  char text[32];
  Status read(const idl::fs::FileReadParams&, idl::fs::FileReadResults& out) {
    int n = snprintf(text, sizeof text, "fake:%u", flags);
    out.data = idl::Data{reinterpret_cast<const uint8_t*>(text), uint32_t(n)};
    return {};
  }
  Status write(const idl::fs::FileWriteParams&, idl::fs::FileWriteResults&) { return Error::InvalidArgument; }
  Status set_buffer(const idl::fs::FileSetBufferParams& in, idl::fs::FileSetBufferResults&) {
    (void)ipc::close(in.buffer);
    return Error::InvalidArgument;
  }
  Status read_bulk(const idl::fs::FileReadBulkParams&, idl::fs::FileReadBulkResults&) { return Error::InvalidArgument; }
  Status write_bulk(const idl::fs::FileWriteBulkParams&, idl::fs::FileWriteBulkResults&) {
    return Error::InvalidArgument;
  }
  Status stat(const idl::fs::FileStatParams&, idl::fs::FileStatResults& out) {
    out.stat.kind = NodeKind::Device;
    return {};
  }
  Status truncate(const idl::fs::FileTruncateParams&, idl::fs::FileTruncateResults&) { return Error::InvalidArgument; }
  Status readdir(const idl::fs::FileReaddirParams&, idl::fs::FileReaddirResults&) { return Error::NotDirectory; }
  Status clone(const idl::fs::FileCloneParams&, idl::fs::FileCloneResults&) { return Error::InvalidArgument; }
  Status sync(const idl::fs::FileSyncParams&, idl::fs::FileSyncResults&) { return {}; }
  Status set_attributes(const idl::fs::FileSetAttributesParams&, idl::fs::FileSetAttributesResults&) {
    return Error::AccessDenied;
  }
};

FakeDriver fake;

void serve_fake(void*) {
  ipc::Event e = ipc::port_wait(fake.port);
  for (;;) {
    if (!e.ok()) {
      e = ipc::port_wait(fake.port);
      continue;
    }
    if (e.kind() != abi::EventKind::Call) {
      e = ipc::port_wait(fake.port);  // a file closed: its channel is dropped with the process
      continue;
    }
    ipc::Message& m = ipc::take(e);
    if (e.badge == kDeviceBadge) {
      idl::fs::dispatch_device(fake, m);
    } else {
      FakeFile file{uint32_t(e.badge >> 32), {}};
      idl::fs::dispatch_file(file, m);
    }
    e = ipc::reply_wait(fake.port, m);
  }
}

// Polls until stat(name) gives `expected` (devfs learns of closed channels
// from events that may still be queued behind our call).
bool stat_becomes(FileSystem& fs, const char* name, Error expected) {
  Stat stat;
  for (int i = 0; i < 100; ++i) {
    if (fs.stat(name, stat).error() == expected) return true;
    sys::sleep_until(sys::read_time() + ms(2));
  }
  return false;
}

bool registration(Registry& registry, FileSystem& fs, ipc::Handle device) {
  auto spare = ipc::channel_create();
  int64_t membuf = sys::membuf_create(4096);
  if (!check(spare.ok() && membuf >= 0, kName, "setup failed")) return false;
  auto another = ipc::channel_create();
  if (!check(another.ok(), kName, "setup failed")) return false;
  if (!check_status(registry.register_("fake", device), Error::Ok, kName, "register fake")) return false;
  // Every refused registration takes the handle all the same (it moved).
  struct Case {
    const char* what;
    Status got;
    Error expected;
  };
  const Case cases[] = {
      {"register fake twice", registry.register_("fake", spare->a), Error::AlreadyExists},
      {"register null", registry.register_("null", another->a), Error::AlreadyExists},
      {"register a/b", registry.register_("a/b", spare->b), Error::InvalidArgument},
      {"register \"\"", registry.register_("", another->b), Error::InvalidArgument},
      {"register a membuf", registry.register_("buffer", uint32_t(membuf)), Error::WrongType},
  };
  bool ok = true;
  for (const Case& c : cases) ok = check_status(c.got, c.expected, kName, c.what) && ok;
  Stat stat;
  ok = check_status(fs.stat("fake", stat), Error::Ok, kName, "stat fake") && ok;
  ok = check(stat.kind == NodeKind::Device, kName, "fake is not a device") && ok;
  ok = check_status(fs.stat("buffer", stat), Error::NotFound, kName, "stat a refused device") && ok;
  return ok;
}

bool open_reaches_the_driver(FileSystem& fs) {
  ipc::Handle h = ipc::kInvalidHandle;
  Stat stat;
  uint32_t opens = fake.opens;
  if (!check_status(fs.open("fake", flags::kReadWrite, 0, h, stat), Error::Ok, kName, "open fake")) return false;
  if (!check(fake.opens == opens + 1 && stat.kind == NodeKind::Device, kName, "the driver saw no open")) return false;
  Transport t(h);
  idl::Data data;
  if (!check_status(File(t).read(0, 64, data), Error::Ok, kName, "read fake")) return false;
  const char kExpected[] = "fake:2";
  bool from_driver = data.size == sizeof kExpected - 1 && memcmp(data.data, kExpected, data.size) == 0;
  if (!check(from_driver, kName, "the file's reads are not the driver's")) return false;
  (void)ipc::close(h);
  return check_status(fs.open("fake", flags::kWriteOnly, 0, h, stat), Error::AccessDenied, kName,
                      "the driver's refusal");
}

bool directory_lists_devices(FileSystem& fs) {
  ipc::Handle h = ipc::kInvalidHandle;
  Stat stat;
  if (!check_status(fs.open("", flags::kReadOnly, 0, h, stat), Error::Ok, kName, "open \"\"")) return false;
  Transport t(h);
  File dir(t);
  const char* expected[] = {"null", "zero", "fake"};
  bool ok = true;
  for (uint32_t i = 0; ok && i < 4; ++i) {
    idl::Text name;
    NodeKind kind{};
    bool end = false;
    ok = check_status(dir.readdir(i, name, kind, end), Error::Ok, kName, "readdir");
    if (ok && i == 3) ok = check(end, kName, "readdir lists too much");
    if (ok && i < 3) ok = check(!end && name == idl::Text(expected[i]), kName, "readdir misses an entry");
  }
  (void)ipc::close(h);
  return ok;
}

bool devices_go_with_their_channels(Registry& registry, FileSystem& fs) {
  // A second registry channel, closed: the devices registered through it go.
  ipc::Handle second = ipc::kInvalidHandle;
  if (!check_status(registry.connect(second), Error::Ok, kName, "connect")) return false;
  auto temp = ipc::channel_create();
  if (!check(temp.ok(), kName, "setup failed")) return false;
  Transport second_transport(second);
  if (!check_status(Registry(second_transport).register_("temp", temp->a), Error::Ok, kName, "register temp")) {
    return false;
  }
  if (!check(stat_becomes(fs, "temp", Error::Ok), kName, "temp is not there")) return false;
  (void)ipc::close(second);
  if (!check(stat_becomes(fs, "temp", Error::NotFound), kName, "temp outlived its registry channel")) return false;
  (void)ipc::close(temp->b);

  // A device whose driver end closes goes.
  auto gone = ipc::channel_create();
  if (!check(gone.ok(), kName, "setup failed")) return false;
  if (!check_status(registry.register_("gone", gone->a), Error::Ok, kName, "register gone")) return false;
  (void)ipc::close(gone->b);
  if (!check(stat_becomes(fs, "gone", Error::NotFound), kName, "gone outlived its Device channel")) return false;
  return check(stat_becomes(fs, "fake", Error::Ok), kName, "another device went too");
}

bool silent_driver_times_out(Registry& registry, FileSystem& fs) {
  auto silent = ipc::channel_create();
  if (!check(silent.ok(), kName, "setup failed")) return false;
  if (!check_status(registry.register_("silent", silent->a), Error::Ok, kName, "register silent")) return false;
  ipc::Handle h = ipc::kInvalidHandle;
  Stat stat;
  uint64_t start = sys::read_time();
  if (!check_status(fs.open("silent", flags::kReadOnly, 0, h, stat), Error::TimedOut, kName, "open silent")) {
    return false;
  }
  printf("registry: a silent driver's open timed out after %lu ms\n", (sys::read_time() - start) / ms(1));
  (void)ipc::close(silent->b);
  return check_status(fs.stat("null", stat), Error::Ok, kName, "devfs answers after the timeout");
}

// The "late" driver: registers on its own registry channel after a while,
// so a waitFor made before is parked until then.
struct Late {
  ipc::Handle registry;
  ipc::Handle device;
  Status registered;
};

void register_late(void* argument) {
  auto* late = static_cast<Late*>(argument);
  sys::sleep_until(sys::read_time() + ms(20));
  Transport t(late->registry);
  late->registered = Registry(t).register_("late", late->device);
}

bool waits_for_registration(ipc::Handle registry_end, FileSystem& fs) {
  Transport forever(registry_end);
  Registry registry(forever);
  bool ok = check_status(registry.wait_for("fake"), Error::Ok, kName, "waitFor a registered device");
  Transport soon(registry_end, sys::read_time() + ms(30));
  ok = check_status(Registry(soon).wait_for("late"), Error::TimedOut, kName, "waitFor nothing") && ok;
  static Late late;
  auto device = ipc::channel_create();
  if (!check(device.ok() && registry.connect(late.registry).ok(), kName, "setup failed")) return false;
  late.device = device->a;
  if (!check(ipc::start_thread(register_late, &late).ok(), kName, "cannot start the late driver")) return false;
  Transport within(registry_end, sys::read_time() + ms(5'000));
  ok = check_status(Registry(within).wait_for("late"), Error::Ok, kName, "waitFor a device that registers later") && ok;
  Stat stat;
  ok = check_status(fs.stat("late", stat), Error::Ok, kName, "stat late after waitFor") && ok;
  ok = check_status(late.registered, Error::Ok, kName, "register late") && ok;
  return check_status(registry.wait_for(""), Error::InvalidArgument, kName, "waitFor \"\"") && ok;
}

}  // namespace

int test_registry() {
  auto devfs = Devfs::start();
  if (!check(devfs.ok(), kName, "cannot start bin/devfs")) return 1;
  auto port = ipc::port_create();
  auto device = ipc::channel_create();
  if (!check(port.ok() && device.ok(), kName, "setup failed")) return 1;
  fake.port = *port;
  if (!check(ipc::port_bind(*port, device->b, kDeviceBadge).ok(), kName, "port_bind failed")) return 1;
  if (!check(ipc::start_thread(serve_fake, nullptr).ok(), kName, "cannot start the fake driver")) return 1;
  Transport fs_transport(devfs->fs);
  Transport registry_transport(devfs->registry);
  FileSystem fs(fs_transport);
  Registry registry(registry_transport);
  bool ok = registration(registry, fs, device->a);
  ok = ok && open_reaches_the_driver(fs);
  ok = ok && directory_lists_devices(fs);
  ok = ok && devices_go_with_their_channels(registry, fs);
  ok = ok && silent_driver_times_out(registry, fs);
  ok = ok && waits_for_registration(devfs->registry, fs);
  ok = devfs->stop(kName) && ok;
  if (!ok) return 1;
  printf("PASS registry\n");
  return 0;
}

}  // namespace devfstest
