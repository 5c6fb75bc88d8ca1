#include "line_discipline.h"

namespace uart {

bool LineDiscipline::can_receive() const {
  // Room for the line being edited plus this byte once committed, and for
  // the longest echo (a backspace's three bytes) outside the writers' reserve.
  return lines_ < kMaxLines && input_.space() > line_length_ && output_.space() >= kEchoReserve + 3;
}

void LineDiscipline::receive(char c) {
  if (c == '\r') c = '\n';
  if (c == kBackspace || c == kDelete) {
    if (line_length_ == 0) return;
    --line_length_;
    emit('\b');
    emit(' ');
    emit('\b');
    return;
  }
  if (c == kEndOfFile) return commit();
  if (line_length_ == kLineMax - (c == '\n' ? 0 : 1)) return;  // the last slot is the newline's
  line_[line_length_++] = c;
  emit(c);
  if (c == '\n') commit();
}

// Moves the edited line to the committed input (can_receive() kept room).
void LineDiscipline::commit() {
  if (lines_ < kMaxLines && input_.space() >= line_length_) {
    for (size_t i = 0; i < line_length_; ++i) input_.push(line_[i]);
    lengths_[(first_line_ + lines_) % kMaxLines] = static_cast<uint32_t>(line_length_);
    ++lines_;
  }
  line_length_ = 0;
}

size_t LineDiscipline::read(char* out, size_t count) {
  if (lines_ == 0 || count == 0) return 0;
  uint32_t& left = lengths_[first_line_];
  size_t n = count < left ? count : left;
  for (size_t i = 0; i < n; ++i) out[i] = input_.pop();
  left -= static_cast<uint32_t>(n);
  // A line read to its end is gone; so is an end of file, once reported.
  if (left == 0) {
    first_line_ = (first_line_ + 1) % kMaxLines;
    --lines_;
  }
  return n;
}

bool LineDiscipline::write(const char* data, size_t length) {
  size_t slots = length;
  for (size_t i = 0; i < length; ++i) slots += data[i] == '\n';
  if (length > kAtomicWrite || output_.space() < slots) return false;
  for (size_t i = 0; i < length; ++i) emit(data[i]);
  return true;
}

void LineDiscipline::emit(char c) {
  if (output_.space() < (c == '\n' ? 2u : 1u)) return;
  if (c == '\n') output_.push('\r');
  output_.push(c);
}

}  // namespace uart
