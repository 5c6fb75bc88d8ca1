// The parsed form of one printf conversion and the counting writer that
// emits it, shared by the integer conversions (format.cc) and the floating
// ones (format_float.cc, user space only). Freestanding.
#pragma once

#include <cstddef>

#include "format.h"

namespace fmt {

struct Spec {
  bool left = false;
  bool zero = false;
  bool plus = false;
  bool space = false;
  bool alternate = false;
  int width = 0;
  int precision = -1;
};

class Writer {
 public:
  explicit Writer(Sink& sink) : sink_(sink) {}
  void put(char c) {
    sink_.put(c);
    ++count_;
  }
  void repeat(char c, int n) {
    for (int i = 0; i < n; ++i) put(c);
  }
  size_t count() const { return count_; }

  // Emits a field of prefix (sign, 0x) and a body of body_length characters
  // that write_body puts out, padded to the width by the spec's rules.
  template <typename WriteBody>
  void field(const Spec& spec, const char* prefix, int body_length, WriteBody write_body) {
    int prefix_len = 0;
    while (prefix[prefix_len]) ++prefix_len;
    int total = prefix_len + body_length;
    int pad = spec.width > total ? spec.width - total : 0;
    if (!spec.left && !spec.zero) repeat(' ', pad);
    for (int i = 0; i < prefix_len; ++i) put(prefix[i]);
    if (!spec.left && spec.zero) repeat('0', pad);
    write_body();
    if (spec.left) repeat(' ', pad);
  }

  // The same for a body already in memory, after `zeros` leading zeros.
  void field(const Spec& spec, const char* prefix, const char* body, int n, int zeros) {
    field(spec, prefix, zeros + n, [&] {
      repeat('0', zeros);
      for (int i = 0; i < n; ++i) put(body[i]);
    });
  }

 private:
  Sink& sink_;
  size_t count_ = 0;
};

}  // namespace fmt
