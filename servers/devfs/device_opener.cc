#include "device_opener.h"

#include "fs.idl.h"
#include "ipc/syscall.h"

namespace devfs {

namespace {

constexpr uint64_t kTicksPerMs = 10'000;  // QEMU virt's timebase is 10 MHz
constexpr uint64_t kDeviceCallTimeout = 2'000 * kTicksPerMs;
constexpr int kYieldsBeforeSleeping = 64;

// A channel transport whose calls give up at a deadline.
class DeadlineTransport {
 public:
  DeadlineTransport(ipc::Handle end, uint64_t deadline) : end_(end), deadline_(deadline) {}
  ipc::Message& message() { return ipc::buffer(); }
  Status call(ipc::Message& message) { return ipc::call(end_, message, deadline_); }
  void drop_handles(const ipc::Handle* handles, uint32_t count) {
    for (uint32_t i = 0; i < count; ++i) (void)ipc::close(handles[i]);
  }

 private:
  ipc::Handle end_;
  uint64_t deadline_;
};

}  // namespace

Status DeviceOpener::start() {
  auto pair = ipc::channel_create();
  if (!pair) return pair.error();
  requests_ = pair->a;
  inbox_ = pair->b;
  auto thread = ipc::start_thread(serve, this);
  if (!thread) return thread.error();
  (void)ipc::close(*thread);
  return {};
}

void DeviceOpener::serve(void* argument) {
  auto* self = static_cast<DeviceOpener*>(argument);
  for (;;) {
    ipc::Event e = ipc::channel_recv(self->inbox_);
    if (!e.ok()) return;
    self->answer(static_cast<ipc::Handle>(e.words[0]), static_cast<uint32_t>(e.words[1]));
  }
}

void DeviceOpener::answer(ipc::Handle device, uint32_t flags) {
  DeadlineTransport transport(device, sys::read_time() + kDeviceCallTimeout);
  idl::fs::DeviceClient<DeadlineTransport> client(transport);
  ipc::Handle file = ipc::kInvalidHandle;
  Status s = client.open(flags, file);
  error_ = s.error();
  file_ = s.ok() ? file : ipc::kInvalidHandle;
  __atomic_store_n(&done_, true, __ATOMIC_RELEASE);
}

Result<ipc::Handle> DeviceOpener::open(ipc::Handle device, uint32_t flags) {
  __atomic_store_n(&done_, false, __ATOMIC_RELAXED);
  const uint64_t words[4] = {device, flags, 0, 0};
  TRY(ipc::channel_send(requests_, abi::make_info(16, 0), words));
  for (int round = 0; !__atomic_load_n(&done_, __ATOMIC_ACQUIRE); ++round) {
    if (round < kYieldsBeforeSleeping) {
      sys::yield();
    } else {
      sys::sleep_until(sys::read_time() + kTicksPerMs);
    }
  }
  if (error_ != Error::Ok) return error_;
  return file_;
}

}  // namespace devfs
