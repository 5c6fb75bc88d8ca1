#include "console.h"

#include "ipc/syscall.h"
#include "ns16550.h"

namespace uart {

using namespace ns16550;

void Console::start() {
  interrupts_ = kReceiveInterrupt;
  set_reg(kInterruptEnable, interrupts_);
  service();
}

void Console::on_interrupt() {
  (void)reg(kInterruptId);
  service();
}

size_t Console::read(char* out, size_t count) {
  size_t n = discipline_.read(out, count);
  service();  // the input that waited in the UART has room now
  return n;
}

void Console::service() {
  auto& ring = discipline_.output();
  // Sending makes room for echo, and echo gives more to send: go on until
  // neither side moves.
  for (bool moved = true; moved;) {
    moved = false;
    while (discipline_.can_receive() && (reg(kLineStatus) & kDataReady)) {
      discipline_.receive(static_cast<char>(reg(kData)));
      moved = true;
    }
    while (!ring.empty() && (reg(kLineStatus) & kTransmitEmpty)) {
      set_reg(kData, static_cast<uint8_t>(ring.pop()));
      moved = true;
    }
  }
  uint8_t wanted = (discipline_.can_receive() ? kReceiveInterrupt : 0) | (ring.empty() ? 0 : kTransmitInterrupt);
  if (wanted != interrupts_) {
    interrupts_ = wanted;
    set_reg(kInterruptEnable, interrupts_);
  }
}

void Console::write(const char* data, size_t length) {
  while (length > 0) {
    size_t piece = length < LineDiscipline::kAtomicWrite ? length : LineDiscipline::kAtomicWrite;
    if (discipline_.write(data, piece)) {
      data += piece;
      length -= piece;
      service();
      continue;
    }
    // The ring is full: let the UART drain it.
    service();
    sys::yield();
  }
}

void Console::stop() {
  auto& ring = discipline_.output();
  while (!ring.empty()) {
    if (reg(kLineStatus) & kTransmitEmpty) set_reg(kData, static_cast<uint8_t>(ring.pop()));
  }
  interrupts_ = kReceiveInterrupt;
  set_reg(kInterruptEnable, interrupts_);
}

}  // namespace uart
