// hexdump -C, byte for byte as util-linux prints it: 16 bytes a line as
// `%08x` offset, two spaces, the bytes in hex in two groups of eight, and
// the printable ones between bars; a run of lines equal to the one before
// is one `*`; at the end the total length. Nothing at all for no input.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sink.h"

namespace coreutils {

class HexdumpFormatter {
 public:
  explicit HexdumpFormatter(Sink out) : out_(out) {}

  void feed(const uint8_t* bytes, size_t count);
  void finish();

  static constexpr size_t kLineBytes = 16;
  // The longest line format_line writes, with its newline.
  static constexpr size_t kLineMax = 80;
  // One line for `count` (1..16) bytes at `offset`; returns its length.
  static size_t format_line(uint64_t offset, const uint8_t* bytes, size_t count, char* out);

 private:
  void emit_line();

  Sink out_;
  uint8_t line_[kLineBytes] = {};
  uint8_t previous_[kLineBytes] = {};
  size_t filled_ = 0;
  uint64_t offset_ = 0;       // of line_
  bool have_previous_ = false;
  bool in_repeat_ = false;    // a `*` stands for the lines since previous_
};

}  // namespace coreutils
