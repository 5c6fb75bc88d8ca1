#include "console_control.h"

#include <new>

#include "console.idl.h"
#include "fs.idl.h"
#include "ipc/transport.h"

namespace uart {

using namespace idl::console;

class ConsoleControl::DeviceEndpoint final : public server::Source, public server::HandleCloser {
 public:
  explicit DeviceEndpoint(ConsoleControl& control) : control_(control) {}
  void on_call(server::Call& call) override { idl::fs::dispatch_device(*this, call.message()); }
  Status open(const idl::fs::DeviceOpenParams&, idl::fs::DeviceOpenResults& out) { return control_.open(out.file, 0); }

 private:
  ConsoleControl& control_;
};

// An owner channel (job_ 0) adds to a job of its own; a member channel
// (shareJob) to the job numbered job_, and has no say over it.
class ConsoleControl::Channel final : public server::Source, public server::HandleCloser {
 public:
  Channel(ConsoleControl& control, uint64_t job) : control_(control), job_(job) {}
  ~Channel() override { --control_.channels_; }

  void on_call(server::Call& call) override { dispatch_console_control(*this, call.message()); }
  void on_closed() override {
    if (!member()) control_.foreground_.owner_closed(owner());
  }

  Status add_foreground(const ConsoleControlAddForegroundParams& in, ConsoleControlAddForegroundResults&) {
    if (member()) return control_.foreground_.add_to_job(in.process, job_);
    return control_.foreground_.add(in.process, owner());
  }
  Status clear_foreground(const ConsoleControlClearForegroundParams&, ConsoleControlClearForegroundResults& out) {
    out.interrupted = !member() && control_.foreground_.clear(owner());
    return {};
  }
  Status interrupted(const ConsoleControlInterruptedParams&, ConsoleControlInterruptedResults& out) {
    out.interrupted = !member() && control_.foreground_.interrupted(owner());
    return {};
  }
  Status share_job(const ConsoleControlShareJobParams&, ConsoleControlShareJobResults& out) {
    return control_.open(out.member, member() ? job_ : control_.foreground_.share(owner()));
  }

 private:
  uint64_t owner() const { return reinterpret_cast<uint64_t>(this); }
  bool member() const { return job_ != 0; }

  ConsoleControl& control_;
  uint64_t job_;
};

Status ConsoleControl::register_as(const char* name, ipc::Handle registry) {
  auto device = server_.add_channel(new (std::nothrow) DeviceEndpoint(*this));
  if (!device) return device.error();
  ipc::ChannelTransport transport(registry);
  idl::fs::DeviceRegistryClient<ipc::ChannelTransport> client(transport);
  Status registered = client.register_(idl::Text(name), *device);
  // Unregistered, the end is ours still: closing it makes the server forget the endpoint.
  if (!registered) (void)ipc::close(*device);
  return registered;
}

Status ConsoleControl::open(ipc::Handle& channel, uint64_t job) {
  if (channels_ >= kMaxChannels) return Error::Busy;
  ++channels_;  // the Channel's destructor gives it back, also when add_channel fails
  Channel* source = new (std::nothrow) Channel(*this, job);
  if (!source) {
    --channels_;
    return Error::NoMemory;
  }
  auto end = server_.add_channel(source);
  if (!end) return end.error();
  channel = *end;
  return {};
}

}  // namespace uart
