// Console: the UART itself and its line discipline. Input and output are
// interrupt driven: an interrupt drains RBR into the line discipline (which
// echoes) and refills THR from the transmit ring; the transmit interrupt is
// enabled only while the ring holds bytes, so an idle UART raises nothing.
// Input the line discipline has no room for stays in the UART, with the
// receive interrupt off, until a read or the transmitter makes room (flow
// control: a paste is never cut short).
//
// One thread uses it (the driver's server loop): no locking.
#pragma once

#include <cstddef>
#include <cstdint>

#include "line_discipline.h"

namespace uart {

class Console {
 public:
  explicit Console(volatile uint8_t* registers) : registers_(registers) {}

  // Takes the UART over: receive interrupts on, input already waiting read.
  void start();
  // The UART interrupted: read what the line discipline can take, send what fits.
  void on_interrupt();
  // Whether a read would return at once (a line or end of file is there).
  bool readable() const { return discipline_.readable(); }
  size_t read(char* out, size_t count);
  // Whether Ctrl-C was typed since the last call.
  bool take_interrupt() { return discipline_.take_interrupt(); }
  // Queues all of data for sending; returns once it is in the ring (when the
  // ring is full, it feeds the UART itself until the rest fits).
  void write(const char* data, size_t length);
  // Sends what is queued, and leaves the UART as the kernel's console
  // expects it (receive interrupts only) for when this driver is gone.
  void stop();

 private:
  uint8_t reg(size_t offset) const { return registers_[offset]; }
  void set_reg(size_t offset, uint8_t value) { registers_[offset] = value; }
  // Moves received bytes into the line discipline while it has room and
  // bytes from the transmit ring to THR while it is empty; then asks for
  // the receive interrupt only while input can be taken, and for the
  // transmit interrupt only while bytes remain.
  void service();

  volatile uint8_t* registers_;
  LineDiscipline discipline_;
  uint8_t interrupts_ = 0;  // what IER holds
};

}  // namespace uart
