#include "escape_decoder.h"

namespace uart {

Key EscapeDecoder::feed(char c) {
  auto byte = static_cast<unsigned char>(c);
  switch (state_) {
    case State::Ground:
      if (c != kEscape) return Key::Byte;
      state_ = State::Escape;
      return Key::None;
    case State::Escape:
      if (c == '[' || c == 'O') {
        state_ = State::Sequence;
        parameter_ = 0;
        return Key::None;
      }
      state_ = State::Ground;  // ESC then an ordinary key: the key alone
      return c == kEscape ? feed(c) : Key::Byte;
    case State::Sequence:
      if (byte < 0x20) {
        state_ = State::Ground;
        return Key::Byte;
      }
      if (c >= '0' && c <= '9') {
        if (parameter_ < 1000) parameter_ = parameter_ * 10 + static_cast<uint32_t>(c - '0');
        return Key::None;
      }
      if (byte >= 0x40 && byte <= 0x7e) {  // the final byte
        state_ = State::Ground;
        return final_key(c);
      }
      return Key::None;  // ';' and intermediate bytes
  }
  return Key::None;
}

Key EscapeDecoder::final_key(char c) const {
  switch (c) {
    case 'A': return Key::Up;
    case 'B': return Key::Down;
    case 'C': return Key::Right;
    case 'D': return Key::Left;
    case 'H': return Key::Home;
    case 'F': return Key::End;
    case '~':
      if (parameter_ == 1 || parameter_ == 7) return Key::Home;
      if (parameter_ == 4 || parameter_ == 8) return Key::End;
      if (parameter_ == 3) return Key::Delete;
      return Key::None;
    default: return Key::None;
  }
}

}  // namespace uart
