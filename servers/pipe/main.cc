// pipe: the pipe server (docs/posix.md, "Pipes"). It registers /dev/pipe
// with devfs; every open of it is a PipeMaker channel (idl/pipe.capnp),
// whose create() makes a pipe and returns its read and write ends, File
// channels served here (pipe_file.h).
// Startup handles (boot.conf: registry:devreg):  0: a DeviceRegistry
#include <stdio.h>

#include <new>

#include "abi/error.h"
#include "fs.idl.h"
#include "ipc/open_flags.h"
#include "ipc/startup.h"
#include "ipc/transport.h"
#include "pipe.idl.h"
#include "pipe_file.h"
#include "tessera/service.h"

namespace {

// Live pipes at most: each holds 64 KiB, and the server must not take all
// memory for one client that makes pipes without end.
constexpr uint32_t kMaxPipes = 256;

server::Server the_server;

class Maker final : public server::Source, public server::HandleCloser {
 public:
  void on_call(server::Call& call) override { idl::pipe::dispatch_pipe_maker(*this, call.message()); }

  Status create(const idl::pipe::PipeMakerCreateParams& in, idl::pipe::PipeMakerCreateResults& out) {
    if (in.flags & ~ipc::open_flags::kNonBlock) return Error::InvalidArgument;
    if (pipe::Pipe::live() >= kMaxPipes) return Error::Busy;
    auto* p = new (std::nothrow) pipe::Pipe;
    if (!p) return Error::NoMemory;
    bool nonblocking = in.flags & ipc::open_flags::kNonBlock;
    auto reader = pipe::PipeFile::open(the_server, p, pipe::End::Read, nonblocking);
    if (!reader) return reader.error();  // the pipe went with it
    // From here the read end owns the pipe: closing it frees the pipe.
    auto writer = pipe::PipeFile::open(the_server, p, pipe::End::Write, nonblocking);
    if (!writer) {
      (void)ipc::close(*reader);
      return writer.error();
    }
    out.reader = *reader;
    out.writer = *writer;
    return {};
  }
};

// The channel devfs opens /dev/pipe through.
class Device final : public server::Source, public server::HandleCloser {
 public:
  void on_call(server::Call& call) override { idl::fs::dispatch_device(*this, call.message()); }
  Status open(const idl::fs::DeviceOpenParams&, idl::fs::DeviceOpenResults& out) {
    auto maker = the_server.add_channel(new (std::nothrow) Maker);
    if (!maker) return maker.error();
    out.file = *maker;
    return {};
  }
  // devfs dropped the device: no new pipes come. Those open are served on.
  void on_closed() override {}
};

int fail(const char* what, Error error) {
  printf("pipe: %s: %s\n", what, abi::error_name(error));
  return 1;
}

}  // namespace

int main() {
  if (!tessera::started_as_service("pipe")) return 2;
  auto handles = ipc::startup_handles();
  if (handles.size() != 1) {
    printf("pipe: expected startup handles: device registry\n");
    return 2;
  }
  if (Status s = the_server.init(); !s) return fail("init", s.error());
  auto device = the_server.add_channel(new (std::nothrow) Device);
  if (!device) return fail("device channel", device.error());
  ipc::ChannelTransport transport(handles[0]);
  // The registry channel stays open: devfs forgets the devices of a closed one.
  if (Status s = idl::fs::DeviceRegistryClient<ipc::ChannelTransport>(transport).register_("pipe", *device); !s) {
    return fail("register pipe", s.error());
  }
  return the_server.run();
}
