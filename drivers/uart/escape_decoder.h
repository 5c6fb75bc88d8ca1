// EscapeDecoder: the keys a terminal sends as escape sequences, one byte at
// a time (a sequence may arrive split across reads or interrupts). Arrows
// come as ESC [ A..D (or ESC O A..D in application mode), Home and End as
// ESC [ H / F or ESC [ 1~ / 4~, Delete as ESC [ 3~. Other sequences are
// swallowed whole; a control byte inside one ends it and counts as itself,
// so a stray ESC never eats the newline of a pasted line.
#pragma once

#include <cstdint>

namespace uart {

enum class Key : uint8_t {
  None,  // the byte was part of a sequence
  Byte,  // an ordinary byte: take it as it is
  Up,
  Down,
  Right,
  Left,
  Home,
  End,
  Delete,
};

class EscapeDecoder {
 public:
  static constexpr char kEscape = 0x1b;

  Key feed(char c);
  void reset() { state_ = State::Ground; }

 private:
  enum class State : uint8_t { Ground, Escape, Sequence };
  Key final_key(char c) const;

  State state_ = State::Ground;
  uint32_t parameter_ = 0;  // the number in ESC [ n ~
};

}  // namespace uart
