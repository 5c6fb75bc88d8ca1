#include "line_discipline.h"

#include <cstring>

namespace uart {

bool LineDiscipline::can_receive() const {
  // Room for the line being edited plus this byte once committed, and for
  // the longest echo outside the writers' reserve.
  return lines_ < kMaxLines && input_.space() > line_length_ &&
         output_.space() >= kEchoReserve + kLongestEcho;
}

void LineDiscipline::receive(char c) {
  if (c == kInterrupt) return interrupt();
  Key key = decoder_.feed(c);
  if (key != Key::Byte) return edit(key);
  if (c == '\r') c = '\n';
  if (c == kBackspace || c == kDelete) return erase_before_cursor();
  if (c == kEndOfFile) return commit();
  if (c == '\n') {
    if (line_length_ == kLineMax) return;  // cannot happen: insert() keeps the newline's slot
    line_[line_length_++] = c;
    emit(c);
    return commit();
  }
  insert(c);
}

void LineDiscipline::edit(Key key) {
  switch (key) {
    case Key::Left: return move_left(cursor_ > 0 ? 1 : 0);
    case Key::Right: return move_right(cursor_ < line_length_ ? 1 : 0);
    case Key::Home: return move_left(cursor_);
    case Key::End: return move_right(line_length_ - cursor_);
    case Key::Delete: return delete_at_cursor();
    case Key::Up: return recall(true);
    case Key::Down: return recall(false);
    default: return;
  }
}

void LineDiscipline::insert(char c) {
  if (line_length_ == kLineMax - 1) return;  // the last slot is the newline's
  memmove(line_ + cursor_ + 1, line_ + cursor_, line_length_ - cursor_);
  line_[cursor_] = c;
  ++line_length_;
  emit(c);
  ++cursor_;
  redraw_tail(cursor_, 0);
}

void LineDiscipline::erase_before_cursor() {
  if (cursor_ == 0) return;
  memmove(line_ + cursor_ - 1, line_ + cursor_, line_length_ - cursor_);
  --line_length_;
  --cursor_;
  emit('\b');
  if (cursor_ == line_length_) {  // at the end, as every terminal does it
    emit(' ');
    emit('\b');
    return;
  }
  redraw_tail(cursor_, 1);
}

void LineDiscipline::delete_at_cursor() {
  if (cursor_ == line_length_) return;
  memmove(line_ + cursor_, line_ + cursor_ + 1, line_length_ - cursor_ - 1);
  --line_length_;
  redraw_tail(cursor_, 1);
}

void LineDiscipline::move_left(size_t count) {
  cursor_ -= count;
  emit_cursor_left(count);
}

void LineDiscipline::move_right(size_t count) {
  // Writing the bytes again moves over them.
  for (size_t i = 0; i < count; ++i) emit(line_[cursor_++]);
}

void LineDiscipline::redraw_tail(size_t from, size_t erased) {
  for (size_t i = from; i < line_length_; ++i) emit(line_[i]);
  for (size_t i = 0; i < erased; ++i) emit(' ');
  emit_cursor_left(line_length_ - from + erased);
}

void LineDiscipline::recall(bool older) {
  size_t wanted = older ? recalled_ + 1 : recalled_ - 1;
  if ((older && recalled_ == history_.size()) || (!older && recalled_ == 0)) return;
  if (recalled_ == 0) {  // leaving the line being typed: keep it
    memcpy(draft_, line_, line_length_);
    draft_length_ = line_length_;
  }
  size_t length = draft_length_;
  const char* line = wanted == 0 ? draft_ : history_.line_at(wanted - 1, &length);
  // The line must still fit the committed input with its newline, as a
  // typed one does (can_receive): else it stays as it is.
  if (length + 1 > input_.space()) return;
  recalled_ = wanted;
  replace_line(line, length);
}

void LineDiscipline::replace_line(const char* text, size_t length) {
  emit_cursor_left(cursor_);
  // ESC [ K: erase to the end of the line.
  emit(EscapeDecoder::kEscape);
  emit('[');
  emit('K');
  memcpy(line_, text, length);
  line_length_ = length;
  cursor_ = length;
  for (size_t i = 0; i < length; ++i) emit(line_[i]);
}

void LineDiscipline::interrupt() {
  line_length_ = 0;
  cursor_ = 0;
  recalled_ = 0;
  decoder_.reset();
  emit('^');
  emit('C');
  emit('\n');
  interrupted_ = true;
}

// Moves the edited line to the committed input (can_receive() kept room).
void LineDiscipline::commit() {
  if (line_length_ > 0 && line_[line_length_ - 1] == '\n') history_.add(line_, line_length_ - 1);
  if (lines_ < kMaxLines && input_.space() >= line_length_) {
    for (size_t i = 0; i < line_length_; ++i) input_.push(line_[i]);
    lengths_[(first_line_ + lines_) % kMaxLines] = static_cast<uint32_t>(line_length_);
    ++lines_;
  }
  line_length_ = 0;
  cursor_ = 0;
  recalled_ = 0;
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

// ESC [ n D: the cursor goes back count columns.
void LineDiscipline::emit_cursor_left(size_t count) {
  if (count == 0) return;
  char digits[8];
  size_t n = 0;
  for (; count > 0 && n < sizeof digits; count /= 10) digits[n++] = static_cast<char>('0' + count % 10);
  emit(EscapeDecoder::kEscape);
  emit('[');
  while (n > 0) emit(digits[--n]);
  emit('D');
}

}  // namespace uart
