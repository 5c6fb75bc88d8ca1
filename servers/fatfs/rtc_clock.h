// The server's Clock: /dev/rtc read once at start through a Vfs session,
// then carried forward with the timebase (no round trip per timestamp).
// Without a session or an RTC, the time is unknown (0), and FAT gets its
// earliest date, 1980-01-01.
#pragma once

#include <cstdint>

#include "clock.h"
#include "ipc/ipc.h"

namespace fatfs {

class RtcClock final : public Clock {
 public:
  // Reads /dev/rtc through the Vfs session (kInvalidHandle: none), after
  // waiting (up to kWaitMs) for the rtc driver to register it when given a
  // DeviceRegistry channel: at boot it may come after the disk's.
  void start(ipc::Handle vfs_session, ipc::Handle registry = ipc::kInvalidHandle);
  static constexpr uint64_t kWaitMs = 2'000;
  bool known() const { return base_seconds_ != 0; }
  uint64_t now() override;

 private:
  uint64_t base_seconds_ = 0;
  uint64_t base_ticks_ = 0;
};

}  // namespace fatfs
