#include "console_device.h"

#include "ipc/syscall.h"

namespace uart {

Status ConsoleDevice::start(ipc::Handle registry) {
  auto irq = server_.add_irq(irq_, this);
  if (!irq) return irq.error();
  console_.start();
  return device_.register_as("console", registry);
}

Result<uint32_t> ConsoleDevice::read(uint64_t, uint8_t* out, uint32_t count) {
  if (count == 0) return 0u;
  if (reader_interrupted_) {
    reader_interrupted_ = false;
    return Error::Interrupted;
  }
  if (!console_.readable()) return Error::ShouldWait;
  auto n = static_cast<uint32_t>(console_.read(reinterpret_cast<char*>(out), count));
  check_interrupt();  // the read let input that waited in the UART in
  return n;
}

Result<uint32_t> ConsoleDevice::write(uint64_t, const uint8_t* data, uint32_t count) {
  console_.write(reinterpret_cast<const char*>(data), count);
  check_interrupt();
  // Sending made room for input that waited in the UART: it may end a line.
  device_.ready();
  return count;
}

void ConsoleDevice::on_event(const ipc::Event& event) {
  if (event.kind() != abi::EventKind::Interrupt) return Source::on_event(event);
  console_.on_interrupt();
  (void)sys::irq_ack(irq_);
  check_interrupt();
  device_.ready();
}

void ConsoleDevice::check_interrupt() {
  if (console_.take_interrupt() && !foreground_.interrupt()) reader_interrupted_ = true;
}

}  // namespace uart
