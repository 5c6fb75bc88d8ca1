// What the devfstest subcommands share: a devfs of their own, clients,
// and reporting.
#pragma once

#include <cstdint>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/transport.h"

namespace devfstest {

using Transport = ipc::ChannelTransport;
using FileSystem = idl::fs::FileSystemClient<Transport>;
using File = idl::fs::FileClient<Transport>;
using Registry = idl::fs::DeviceRegistryClient<Transport>;

// A devfs started for one test, with the client ends of its channels.
struct Devfs {
  ipc::Handle process;
  ipc::Handle fs;        // FileSystem
  ipc::Handle registry;  // DeviceRegistry
  static Result<Devfs> start();
  // Closes our ends and checks that devfs then exits cleanly.
  bool stop(const char* test);
};

bool check(bool ok, const char* test, const char* why);
// devfstest uart's /dev/consctl part (consctl.cc), on the console in and out.
bool check_console_control(FileSystem& fs, File& in, File& out);
// got is expected (Error::Ok for success); otherwise prints both.
bool check_status(Status got, Error expected, const char* test, const char* what);
uint64_t ms(uint64_t n);

}  // namespace devfstest
