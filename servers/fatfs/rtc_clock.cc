// RtcClock: see rtc_clock.h.
#include "rtc_clock.h"

#include <string.h>

#include "fs.idl.h"
#include "ipc/open_flags.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "ipc/transport.h"
#include "vfs.idl.h"

namespace fatfs {

void RtcClock::start(ipc::Handle vfs_session, ipc::Handle registry) {
  if (vfs_session == ipc::kInvalidHandle) return;
  if (registry != ipc::kInvalidHandle) {
    ipc::ChannelTransport rt(registry, ipc::deadline_in_ms(kWaitMs));
    (void)idl::fs::DeviceRegistryClient<ipc::ChannelTransport>(rt).wait_for("rtc");  // else: no clock, below
  }
  ipc::ChannelTransport vt(vfs_session);
  idl::fs::Stat stat;
  ipc::Handle file = ipc::kInvalidHandle;
  if (!idl::vfs::VfsClient<ipc::ChannelTransport>(vt).open("/dev/rtc", ipc::open_flags::kReadOnly, 0, file, stat))
    return;
  ipc::ChannelTransport ft(file);
  idl::Data data;
  char text[32];
  uint32_t length = 0;
  if (idl::fs::FileClient<ipc::ChannelTransport>(ft).read(0, sizeof text, data)) {
    length = data.size < sizeof text ? data.size : uint32_t(sizeof text);
    memcpy(text, data.data, length);
  }
  (void)ipc::close(file);
  auto seconds = unix_from_utc_text(text, length);
  if (!seconds || ipc::ticks_per_second() == 0) return;
  base_seconds_ = *seconds;
  base_ticks_ = sys::read_time();
}

uint64_t RtcClock::now() {
  if (!known()) return 0;
  return base_seconds_ + (sys::read_time() - base_ticks_) / ipc::ticks_per_second();
}

}  // namespace fatfs
