#include "scan.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "impl/stdlib_impl.h"
#include "impl/strtod_impl.h"

namespace tessera::libc {

namespace {

// The input with one character of lookahead and a count for %n.
class Reader {
 public:
  explicit Reader(ScanInput& input) : input_(input) {}
  ~Reader() {
    if (peeked_ >= 0) input_.unget(peeked_);
  }

  int peek() {
    if (peeked_ == kNone) peeked_ = input_.get();
    return peeked_;
  }
  void advance() {
    peeked_ = kNone;
    ++consumed_;
  }
  bool at_end() { return peek() < 0; }
  void skip_space() {
    while (isspace(peek())) advance();
  }
  size_t consumed() const { return consumed_; }

 private:
  static constexpr int kNone = -2;
  ScanInput& input_;
  int peeked_ = kNone;
  size_t consumed_ = 0;
};

enum class Size { kChar, kShort, kInt, kLong, kLongLong, kSize, kPtrDiff, kMax, kLongDouble };

// Collects a field's characters: at most `width`, and never more than fit.
class Field {
 public:
  explicit Field(size_t width) : limit_(width < sizeof text_ - 1 ? width : sizeof text_ - 1) {}
  bool full() const { return length_ == limit_; }
  // Takes the reader's next character if it is one of `set` (or any of a
  // class tested by `accept`); returns whether it did.
  template <typename Accept>
  bool take(Reader& in, Accept accept) {
    if (full() || !accept(in.peek())) return false;
    text_[length_++] = static_cast<char>(in.peek());
    text_[length_] = '\0';
    in.advance();
    return true;
  }
  bool take_char(Reader& in, char a, char b = 0) {
    return take(in, [&](int c) { return c == a || (b && c == b); });
  }
  const char* text() const { return text_; }
  size_t length() const { return length_; }

 private:
  char text_[1024] = {};
  size_t length_ = 0;
  size_t limit_;
};

void store_integer(void* target, Size size, unsigned long long value) {
  switch (size) {
    case Size::kChar: *static_cast<unsigned char*>(target) = static_cast<unsigned char>(value); break;
    case Size::kShort: *static_cast<unsigned short*>(target) = static_cast<unsigned short>(value); break;
    case Size::kInt: *static_cast<unsigned*>(target) = static_cast<unsigned>(value); break;
    default: *static_cast<unsigned long long*>(target) = value; break;  // every other size is 64 bits
  }
}

// Reads an integer of `base` (0: by prefix) as strtoull/strtoll would;
// returns false when no digits came.
bool scan_integer(Reader& in, size_t width, int base, bool is_signed, unsigned long long* value) {
  Field field(width);
  field.take_char(in, '+', '-');
  auto digit_of = [](int b) { return [b](int c) { return c >= 0 && digit_value(static_cast<char>(c)) < b; }; };
  if ((base == 0 || base == 16) && field.take_char(in, '0')) {
    if (field.take_char(in, 'x', 'X')) {
      base = 16;
    } else if (base == 0) {
      base = 8;
    }
    while (field.take(in, digit_of(base))) {
    }
    if (field.text()[field.length() - 1] == 'x' || field.text()[field.length() - 1] == 'X') {
      // "0x" with no hex digit: the 0 is the number.
      *value = 0;
      return true;
    }
  } else {
    if (base == 0) base = 10;
    if (!field.take(in, digit_of(base))) return false;
    while (field.take(in, digit_of(base))) {
    }
  }
  if (is_signed) *value = static_cast<unsigned long long>(parse_signed<long long>(field.text(), nullptr, base));
  else *value = parse_unsigned<unsigned long long>(field.text(), nullptr, base);
  return true;
}

// Takes the longest prefix of a floating-point number: sign, inf/infinity,
// nan, nan(...), 0x-hex or decimal digits with a point and an exponent.
bool scan_float_text(Reader& in, Field& field) {
  field.take_char(in, '+', '-');
  auto take_word = [&](const char* word) {
    for (; *word; ++word) {
      if (!field.take_char(in, *word, static_cast<char>(toupper(*word)))) return false;
    }
    return true;
  };
  int first = tolower(in.peek());
  if (first == 'i') return take_word("inf") && (tolower(in.peek()) != 'i' || take_word("inity"));
  if (first == 'n') {
    if (!take_word("nan")) return false;
    if (field.take_char(in, '(')) {
      while (field.take(in, [](int c) { return c >= 0 && (isalnum(c) || c == '_'); })) {
      }
      return field.take_char(in, ')');
    }
    return true;
  }
  auto is_digit = [](int c) { return c >= 0 && isdigit(c); };
  auto is_hex = [](int c) { return c >= 0 && isxdigit(c); };
  bool hex = false;
  bool digits = false;
  if (field.take_char(in, '0')) {
    digits = true;
    hex = field.take_char(in, 'x', 'X');
    if (hex) digits = false;
  }
  auto is_mantissa_digit = hex ? +is_hex : +is_digit;
  while (field.take(in, is_mantissa_digit)) digits = true;
  if (field.take_char(in, '.')) {
    while (field.take(in, is_mantissa_digit)) digits = true;
  }
  if (!digits) return false;
  if (field.take_char(in, hex ? 'p' : 'e', hex ? 'P' : 'E')) {
    field.take_char(in, '+', '-');
    if (!field.take(in, is_digit)) return false;
    while (field.take(in, is_digit)) {
    }
  }
  return true;
}

template <typename Float, typename Bits>
void store_float(void* target, const ParsedFloat& r) {
  Bits bits = static_cast<Bits>(r.bits) | (static_cast<Bits>(r.negative) << (sizeof(Bits) * 8 - 1));
  memcpy(target, &bits, sizeof(Float));
}

// A %[...] scanset; returns the format position after its ']'.
const char* parse_scanset(const char* p, bool set[256]) {
  bool invert = *p == '^';
  if (invert) ++p;
  for (int i = 0; i < 256; ++i) set[i] = invert;
  // A ']' first is a member, not the end.
  if (*p == ']') {
    set[static_cast<unsigned char>(']')] = !invert;
    ++p;
  }
  for (; *p && *p != ']'; ++p) {
    unsigned char c = static_cast<unsigned char>(*p);
    if (p[1] == '-' && p[2] && p[2] != ']' && static_cast<unsigned char>(p[2]) >= c) {
      for (int x = c; x <= static_cast<unsigned char>(p[2]); ++x) set[x] = !invert;
      p += 2;
    } else {
      set[c] = !invert;
    }
  }
  return *p ? p + 1 : p;
}

}  // namespace

int vscan(ScanInput& input, const char* format, va_list caller_args) {
  va_list args;
  va_copy(args, caller_args);
  Reader in(input);
  int assigned = 0;
  // Input that ends before any field was assigned gives EOF (glibc's
  // reading of C11's "before the first conversion has completed").
  auto input_failure = [&] { return assigned ? assigned : -1; };
  const char* p = format;
  constexpr int kRunning = -2;  // no result yet (results are -1 or a count)
  int result = kRunning;
  while (*p && result == kRunning) {
    unsigned char f = static_cast<unsigned char>(*p);
    if (isspace(f)) {
      in.skip_space();
      ++p;
      continue;
    }
    if (f != '%' || p[1] == '%') {
      if (f == '%') {
        ++p;
        in.skip_space();
      }
      if (in.peek() != *p) {
        result = in.at_end() ? input_failure() : assigned;
        break;
      }
      in.advance();
      ++p;
      continue;
    }
    ++p;
    bool suppress = *p == '*';
    if (suppress) ++p;
    size_t width = 0;
    while (isdigit(*p)) width = width * 10 + (*p++ - '0');
    Size size = Size::kInt;
    if (*p == 'h') size = *++p == 'h' ? (++p, Size::kChar) : Size::kShort;
    else if (*p == 'l') size = *++p == 'l' ? (++p, Size::kLongLong) : Size::kLong;
    else if (*p == 'j') ++p, size = Size::kMax;
    else if (*p == 'z') ++p, size = Size::kSize;
    else if (*p == 't') ++p, size = Size::kPtrDiff;
    else if (*p == 'L') ++p, size = Size::kLongDouble;
    char conversion = *p++;
    if (conversion == '\0') break;
    void* target = suppress || conversion == 'n' ? nullptr : va_arg(args, void*);
    if (conversion == 'n') {
      if (!suppress) store_integer(va_arg(args, void*), size, in.consumed());
      continue;
    }
    if (conversion != 'c' && conversion != '[') in.skip_space();
    if (in.at_end()) {
      result = input_failure();
      break;
    }
    bool matched = true;
    switch (conversion) {
      case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p': {
        int base = conversion == 'd' || conversion == 'u' ? 10 : conversion == 'i' ? 0 : conversion == 'o' ? 8 : 16;
        unsigned long long value;
        matched = scan_integer(in, width ? width : SIZE_MAX, base, conversion == 'd' || conversion == 'i', &value);
        if (matched && target) store_integer(target, conversion == 'p' ? Size::kLong : size, value);
        break;
      }
      case 'a': case 'e': case 'f': case 'g': case 'A': case 'E': case 'F': case 'G': {
        Field field(width ? width : SIZE_MAX);
        matched = scan_float_text(in, field);
        if (!matched || !target) break;
        // The text is a whole number by construction; only a field cut at
        // the buffer's size can leave some of it unread.
        matched = parse_float(field.text(), kBinary64).end == field.text() + field.length();
        if (!matched) break;
        if (size == Size::kLongDouble) {
          // lp64d's long double is binary128; a host with another format
          // (the tests' x86 one) reads no %Lf field.
          if constexpr (__LDBL_MANT_DIG__ == 113) {
            store_float<long double, unsigned __int128>(target, parse_float(field.text(), kBinary128));
          } else {
            matched = false;
          }
        } else if (size == Size::kLong) {
          store_float<double, uint64_t>(target, parse_float(field.text(), kBinary64));
        } else {
          store_float<float, uint32_t>(target, parse_float(field.text(), kBinary32));
        }
        break;
      }
      case 'c': {
        char* out = static_cast<char*>(target);
        size_t n = width ? width : 1;
        size_t i = 0;
        for (; i < n && !in.at_end(); ++i, in.advance()) {
          if (out) out[i] = static_cast<char>(in.peek());
        }
        // Fewer than the width before the input ends still fills a field (as glibc does).
        matched = i > 0;
        break;
      }
      case 's':
      case '[': {
        bool set[256];
        if (conversion == '[') p = parse_scanset(p, set);
        else for (int i = 0; i < 256; ++i) set[i] = !isspace(i);
        char* out = static_cast<char*>(target);
        size_t n = width ? width : SIZE_MAX;
        size_t i = 0;
        for (; i < n && !in.at_end() && set[in.peek()]; ++i, in.advance()) {
          if (out) out[i] = static_cast<char>(in.peek());
        }
        if (out && i > 0) out[i] = '\0';
        matched = i > 0;
        break;
      }
      default:
        matched = false;
    }
    if (!matched) {
      result = assigned;
      break;
    }
    if (target) ++assigned;
  }
  va_end(args);
  return result == kRunning ? assigned : result;
}

}  // namespace tessera::libc
