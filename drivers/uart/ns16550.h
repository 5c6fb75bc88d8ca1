// The registers of an ns16550a UART (QEMU virt: byte-wide, one byte apart)
// that the driver uses.
#pragma once

#include <cstddef>
#include <cstdint>

namespace uart::ns16550 {

constexpr size_t kData = 0;             // read: RBR (received byte); write: THR (byte to send)
constexpr size_t kInterruptEnable = 1;  // IER
constexpr size_t kInterruptId = 2;      // IIR (read): reading it clears a THR-empty interrupt
constexpr size_t kLineStatus = 5;       // LSR

constexpr uint8_t kReceiveInterrupt = 0x01;   // IER.ERBFI: a byte (or the FIFO trigger) arrived
constexpr uint8_t kTransmitInterrupt = 0x02;  // IER.ETBEI: THR (the transmit FIFO) is empty
constexpr uint8_t kDataReady = 0x01;          // LSR.DR
constexpr uint8_t kTransmitEmpty = 0x20;      // LSR.THRE

}  // namespace uart::ns16550
