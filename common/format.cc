#include "format.h"

#include <cstdint>

#include "format_spec.h"

namespace fmt {

void BufferSink::put(char c) {
  if (count_ + 1 < capacity_) buffer_[count_] = c;
  ++count_;
}

void BufferSink::finish() {
  if (capacity_ == 0) return;
  buffer_[count_ < capacity_ ? count_ : capacity_ - 1] = '\0';
}

namespace {

void write_number(Writer& out, Spec spec, uint64_t value, bool negative, unsigned base, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char body[24];
  int n = 0;
  // Reversed digit string; precision 0 with value 0 prints no digits (C rule).
  if (!(value == 0 && spec.precision == 0)) {
    do {
      body[n++] = digits[value % base];
      value /= base;
    } while (value != 0);
  }
  for (int i = 0; i < n / 2; ++i) {
    char t = body[i];
    body[i] = body[n - 1 - i];
    body[n - 1 - i] = t;
  }
  const char* prefix = "";
  if (negative) prefix = "-";
  else if (spec.plus && base == 10) prefix = "+";
  else if (spec.space && base == 10) prefix = " ";
  else if (spec.alternate && base == 16 && n > 0) prefix = upper ? "0X" : "0x";
  else if (spec.alternate && base == 8 && (n == 0 || body[0] != '0')) prefix = "0";
  int zeros = spec.precision > n ? spec.precision - n : 0;
  if (spec.precision >= 0) spec.zero = false;
  out.field(spec, prefix, body, n, zeros);
}

}  // namespace

size_t vformat(Sink& sink, const char* format, va_list caller_args, FloatFormatter floats) {
  // A local copy, so that &args is a va_list* on every ABI (a va_list
  // parameter may have decayed to a pointer).
  va_list args;
  va_copy(args, caller_args);
  Writer out(sink);
  for (const char* p = format; *p; ++p) {
    if (*p != '%') {
      out.put(*p);
      continue;
    }
    Spec spec;
    for (bool flags = true; flags;) {
      switch (*++p) {
        case '-': spec.left = true; break;
        case '0': spec.zero = true; break;
        case '+': spec.plus = true; break;
        case ' ': spec.space = true; break;
        case '#': spec.alternate = true; break;
        default: flags = false; --p;
      }
    }
    ++p;
    if (*p == '*') {
      spec.width = va_arg(args, int);
      if (spec.width < 0) {
        spec.left = true;
        spec.width = -spec.width;
      }
      ++p;
    } else {
      while (*p >= '0' && *p <= '9') spec.width = spec.width * 10 + (*p++ - '0');
    }
    if (*p == '.') {
      ++p;
      spec.precision = 0;
      if (*p == '*') {
        spec.precision = va_arg(args, int);
        ++p;
      } else {
        while (*p >= '0' && *p <= '9') spec.precision = spec.precision * 10 + (*p++ - '0');
      }
    }
    int longs = 0;
    bool size_like = false;
    bool long_double = false;
    for (;; ++p) {
      if (*p == 'l') ++longs;
      else if (*p == 'L') long_double = true;
      else if (*p == 'h') --longs;
      else if (*p == 'z' || *p == 't' || *p == 'j') size_like = true;
      else break;
    }
    bool wide = longs > 0 || size_like;
    switch (*p) {
      case 'd':
      case 'i': {
        int64_t v = wide ? va_arg(args, int64_t) : va_arg(args, int);
        if (longs == -1) v = static_cast<short>(v);
        if (longs <= -2) v = static_cast<signed char>(v);
        uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        write_number(out, spec, magnitude, v < 0, 10, false);
        break;
      }
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        uint64_t v = wide ? va_arg(args, uint64_t) : va_arg(args, unsigned);
        if (longs == -1) v = static_cast<unsigned short>(v);
        if (longs <= -2) v = static_cast<unsigned char>(v);
        unsigned base = *p == 'u' ? 10 : *p == 'o' ? 8 : 16;
        write_number(out, spec, v, false, base, *p == 'X');
        break;
      }
      case 'p': {
        spec.alternate = true;
        write_number(out, spec, reinterpret_cast<uintptr_t>(va_arg(args, void*)), false, 16, false);
        break;
      }
      case 'c': {
        char c = static_cast<char>(va_arg(args, int));
        out.field(spec, "", &c, 1, 0);
        break;
      }
      case 's': {
        const char* s = va_arg(args, const char*);
        if (!s) s = "(null)";
        int n = 0;
        while (s[n] && (spec.precision < 0 || n < spec.precision)) ++n;
        spec.zero = false;
        out.field(spec, "", s, n, 0);
        break;
      }
      case '%': out.put('%'); break;
      case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
        if (floats) {
          floats(out, spec, *p, long_double, &args);
          break;
        }
        [[fallthrough]];
      default:
        if (*p == '\0') {
          va_end(args);
          return out.count();
        }
        out.put('%');
        out.put(*p);
    }
  }
  va_end(args);
  return out.count();
}

size_t format(Sink& sink, const char* format, ...) {
  va_list args;
  va_start(args, format);
  size_t n = vformat(sink, format, args);
  va_end(args);
  return n;
}

int vsnprintf(char* buffer, size_t capacity, const char* format, va_list args, FloatFormatter floats) {
  BufferSink sink(buffer, capacity);
  vformat(sink, format, args, floats);
  sink.finish();
  return static_cast<int>(sink.count());
}

int snprintf(char* buffer, size_t capacity, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = vsnprintf(buffer, capacity, format, args);
  va_end(args);
  return n;
}

}  // namespace fmt
