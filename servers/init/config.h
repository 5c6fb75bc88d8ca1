// The boot configuration init reads (etc/boot.conf in the boot archive):
// which services to start, with which handles, how to restart them, and
// what to mount. One directive a line; '#' starts a comment.
//
//   service NAME PROGRAM RESTART HANDLE...
//     RESTART  always | never
//     HANDLE   resource:NAME     the boot resource's handles (MMIO range, IRQ;
//                                resource:dma, the DMA capability, for drivers
//                                that need physical addresses)
//              serve:CHANNEL     the server end of a channel init creates;
//                                init keeps the client end
//              connect:CHANNEL   init's client end of CHANNEL, moved
//              registry:CHANNEL  a new channel from the DeviceRegistry
//                                served on CHANNEL (so a restarted driver
//                                can register again)
//   mount PATH CHANNEL           mount the FileSystem on CHANNEL at PATH
//
// init's own sessions are the client ends of the channels "vfs" and
// "procmgr". The parser is host-tested (tests/host/init_config_test.cc).
#pragma once

#include <cstddef>
#include <cstdint>

namespace init {

constexpr size_t kMaxName = 32;
constexpr size_t kMaxHandles = 8;   // process_spawn's limit
constexpr size_t kMaxServices = 16;
constexpr size_t kMaxMounts = 8;

enum class HandleKind : uint8_t { Resource, Serve, Connect, Registry };
enum class Restart : uint8_t { Never, Always };

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
};

struct MountSpec {
  char path[64];
  char channel[kMaxName];
};

struct Config {
  ServiceSpec services[kMaxServices];
  size_t service_count = 0;
  MountSpec mounts[kMaxMounts];
  size_t mount_count = 0;
};

struct ParseError {
  size_t line = 0;  // 0: no error
  const char* what = nullptr;
};

// Parses text (not NUL-terminated) into config; on error, says where.
ParseError parse_config(const char* text, size_t length, Config& config);

}  // namespace init
