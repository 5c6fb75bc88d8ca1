// The boot configuration init reads (etc/boot.conf in the boot archive):
// which services to start, with which handles, how to restart them, and
// what to mount. One directive a line; '#' starts a comment.
//
//   service NAME PROGRAM RESTART HANDLE...
//     RESTART  always | never | essential
//              essential: never restarted, stopped or killed on request;
//              if it ends, the system cannot go on and init powers off
//              (vfs holds every process's mountspace, procmgr every
//              process: nothing can re-wire their clients)
//     HANDLE   resource:NAME     the boot resource's handles (MMIO range, IRQ;
//                                resource:dma, the DMA capability, for drivers
//                                that need physical addresses)
//              serve:CHANNEL     the server end of a channel init creates;
//                                init keeps the client end
//              connect:CHANNEL   init's client end of CHANNEL, moved
//              registry:CHANNEL  a new channel from the DeviceRegistry
//                                served on CHANNEL (so a restarted driver
//                                can register again)
//              clone:CHANNEL     a clone of the Vfs session CHANNEL (init's
//                                own: "vfs"), sharing its mountspace
//              clock             not a handle: the argument
//                                --epoch-ns=N, the wall-clock time at
//                                timebase 0 (init reads the RTC once), for
//                                a server that stamps times before any
//                                /dev/rtc exists (ramfs)
//              device:NAME       not a handle: the service is for the
//                                device service NAME (a `virtio` line's,
//                                e.g. blk0) and gets NAME as its argument;
//                                without that device it is not started
//   mount PATH CHANNEL           mount the FileSystem on CHANNEL at PATH
//   virtio ID PREFIX PROGRAM RESTART HANDLE...
//     a service for each virtio-mmio slot holding a device with this device
//     ID, named PREFIX0, PREFIX1, ... in slot order, given its slot's MMIO
//     range and IRQ before HANDLE... and its name as its argument
//     (virtio_slots.h)
//   console PROGRAM              the program init runs on /dev/console once the
//                                services are up (/bin/PROGRAM, through
//                                procmgr), started again whenever it ends;
//                                without it the system has no console
//
// init's own sessions are the client ends of the channels "vfs" and
// "procmgr". The parser is host-tested (tests/host/init_config_test.cc).
#pragma once

#include <cstddef>
#include <cstdint>

namespace init {

constexpr size_t kMaxName = 32;
constexpr size_t kMaxHandles = 8;   // ipc::kMaxSpawnHandles
constexpr size_t kMaxServices = 16;
constexpr size_t kMaxMounts = 8;
constexpr size_t kMaxVirtioDrivers = 4;

enum class HandleKind : uint8_t { Resource, Serve, Connect, Registry, Clone };
enum class Restart : uint8_t { Never, Always, Essential };

struct HandleSpec {
  HandleKind kind;
  char name[kMaxName];
};

struct ServiceSpec {
  char name[kMaxName];
  char program[64];
  Restart restart;
  HandleSpec handles[kMaxHandles];
  size_t handle_count;
  char argument[kMaxName];  // the program's one argument ("": none)
  char device[kMaxName];    // device:NAME ("": none)
  bool clock;               // `clock`: given the wall-clock epoch (--epoch-ns=N)
};

struct MountSpec {
  char path[64];
  char channel[kMaxName];
};

// A `virtio` line: the service each matching slot gets, its name the prefix.
struct VirtioDriverSpec {
  uint32_t device_id;
  ServiceSpec service;
};

struct Config {
  ServiceSpec services[kMaxServices];
  size_t service_count = 0;
  MountSpec mounts[kMaxMounts];
  size_t mount_count = 0;
  VirtioDriverSpec virtio_drivers[kMaxVirtioDrivers];
  size_t virtio_driver_count = 0;
  char console[kMaxName] = {};  // the console's program ("": none)
};

struct ParseError {
  size_t line = 0;  // 0: no error
  const char* what = nullptr;
};

// Parses text (not NUL-terminated) into config; on error, says where.
ParseError parse_config(const char* text, size_t length, Config& config);

}  // namespace init
