#include "console.h"

#include "ns16550.h"

namespace uart {

using namespace ns16550;

void Console::start() {
  interrupts_ = kReceiveInterrupt;
  set_reg(kInterruptEnable, interrupts_);
  on_interrupt();
}

void Console::on_interrupt() {
  (void)reg(kInterruptId);
  while (reg(kLineStatus) & kDataReady) discipline_.receive(static_cast<char>(reg(kData)));
  transmit();
}

void Console::transmit() {
  auto& ring = discipline_.output();
  while (!ring.empty() && (reg(kLineStatus) & kTransmitEmpty)) set_reg(kData, static_cast<uint8_t>(ring.pop()));
  uint8_t wanted = ring.empty() ? kReceiveInterrupt : kReceiveInterrupt | kTransmitInterrupt;
  if (wanted != interrupts_) {
    interrupts_ = wanted;
    set_reg(kInterruptEnable, interrupts_);
  }
}

void Console::write(const char* data, size_t length) {
  for (;;) {
    size_t n = discipline_.write(data, length);
    data += n;
    length -= n;
    transmit();
    if (length == 0) return;
    // The ring is full: let the UART drain it. The lock is free meanwhile.
    lock_.unlock();
    sys::yield();
    lock_.lock();
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
