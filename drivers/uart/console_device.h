// ConsoleDevice: the console as devfs's "console", on libserver. One
// thread serves everything from the server loop: the UART's interrupts
// (echo happens there, in the line discipline), opens, writes and reads.
//
// The read path. A read returns a line (or what fits of it) when one is
// committed. When none is, CharDevice parks the call with a deferred reply
// and the loop goes on serving; whenever the console may have a new line
// (after an interrupt, or after a write, which also moves input the
// discipline had no room for) ready() hands lines to the parked reads,
// oldest first. A reader that gives up or dies leaves the queue through its
// Reply's port binding, so its line goes to the next live reader.
//
// Writes go to the transmit ring, which interrupts drain; a write larger
// than the free space feeds the UART until it fits.
//
// Ctrl-C, whenever input moved (an interrupt, a read or a write), sends
// SIGINT to the console's foreground job or kills it (foreground.h). With no job, the reader has the
// terminal: the next read (the one parked, or the next to come) fails with
// Interrupted, which libc takes as SIGINT (the shell draws a fresh prompt).
#pragma once

#include <cstdint>

#include "console.h"
#include "foreground.h"
#include "ipc/ipc.h"
#include "result.h"
#include "server/char_device.h"
#include "server/server.h"

namespace uart {

class ConsoleDevice final : public server::CharDeviceOps, public server::Source {
 public:
  ConsoleDevice(server::Server& server, Console& console, Foreground& foreground, ipc::Handle irq)
      : server_(server), console_(console), foreground_(foreground), irq_(irq), device_(server, *this) {}

  // Takes the UART's interrupts and registers "console" through registry.
  Status start(ipc::Handle registry);

  // CharDeviceOps: a line at a time; ShouldWait while none is committed.
  Result<uint32_t> read(uint64_t offset, uint8_t* out, uint32_t count) override;
  Result<uint32_t> write(uint64_t offset, const uint8_t* data, uint32_t count) override;
  // devfs is gone: the driver's work is done.
  void unregistered() override { server_.stop(0); }

  // Source: the UART interrupted.
  void on_event(const ipc::Event& event) override;

 private:
  void check_interrupt();

  bool reader_interrupted_ = false;  // Ctrl-C with no job: the next read fails

  server::Server& server_;
  Console& console_;
  Foreground& foreground_;
  ipc::Handle irq_;
  server::CharDevice device_;
};

}  // namespace uart
