// printf format [argument...] (POSIX XCU printf), built in: Tessera has no
// /bin/printf. The format is used again while arguments remain; a missing
// argument is "" or 0. Conversions: %s %b %c %d %i %u %o %x %X %%, with
// flags (-+ #0), width and precision; escapes \\ \a \b \f \n \r \t \v \"
// and \0NNN (octal) in the format, and in %b's argument.
#include <stdio.h>
#include <stdlib.h>

#include "builtins.h"

namespace sh {

namespace {

class Printer {
 public:
  explicit Printer(const Vec<Text>& argv) : argv_(argv) {}

  int run() {
    const char* format = argv_[1].c_str();
    do {
      size_t before = next_;
      if (!print(format)) break;
      if (next_ == before) break;  // it takes no arguments: once
    } while (next_ < argv_.size());
    put(1, out_.c_str());
    return status_;
  }

 private:
  // One pass over format; false when \c stopped all output.
  bool print(const char* format) {
    for (const char* at = format; *at;) {
      if (*at == '\\') {
        if (!escape(at, false)) return false;
      } else if (*at == '%') {
        at = conversion(at + 1);
      } else {
        out_.push(*at++);
      }
    }
    return true;
  }

  // The escape at `at` (a backslash), appended; advances at. In %b's
  // argument octal is \0NNN and \c ends all output (returns false).
  bool escape(const char*& at, bool argument) {
    ++at;
    const char* known = "\\\\a\ab\bf\fn\nr\rt\tv\v\"\"";
    for (const char* k = known; *k; k += 2) {
      if (*at == k[0]) {
        out_.push(k[1]);
        ++at;
        return true;
      }
    }
    if (argument && *at == 'c') return false;
    if (*at >= '0' && *at <= '7') {
      if (argument && *at == '0') ++at;
      int value = 0;
      for (int digits = 0; digits < 3 && *at >= '0' && *at <= '7'; ++digits) value = value * 8 + (*at++ - '0');
      out_.push(static_cast<char>(value));
      return true;
    }
    out_.push('\\');  // not an escape: kept as written
    return true;
  }

  const char* argument() { return next_ < argv_.size() ? argv_[next_++].c_str() : nullptr; }

  long long number(const char* text) {
    if (!text || !*text) return 0;
    if (*text == '\'' || *text == '"') return static_cast<unsigned char>(text[1]);  // 'c: the character's code
    char* end = nullptr;
    long long value = strtoll(text, &end, 0);
    if (*end != '\0') {
      Text what("printf: ");
      what.append(text);
      complain(what.c_str(), "invalid number");
      status_ = 1;
    }
    return value;
  }

  // The conversion after a %; returns where the format goes on.
  const char* conversion(const char* at) {
    char spec[32] = "%";
    size_t length = 1;
    while (*at && strchr("-+ #0", *at) && length < 8) spec[length++] = *at++;
    while (*at >= '0' && *at <= '9' && length < 16) spec[length++] = *at++;
    if (*at == '.') {
      spec[length++] = *at++;
      while (*at >= '0' && *at <= '9' && length < 24) spec[length++] = *at++;
    }
    char kind = *at;
    if (!kind) {
      out_.push('%');
      return at;
    }
    ++at;
    char piece[512];
    switch (kind) {
      case '%':
        out_.push('%');
        return at;
      case 's':
      case 'b': {
        const char* text = argument();
        Text value;
        if (kind == 'b' && text) {
          Text saved = static_cast<Text&&>(out_);
          out_ = Text();
          for (const char* p = text; *p;) {
            if (*p != '\\') out_.push(*p++);
            else if (!escape(p, true)) break;
          }
          value = static_cast<Text&&>(out_);
          out_ = static_cast<Text&&>(saved);
        } else if (text) {
          value = text;
        }
        spec[length++] = 's';
        spec[length] = '\0';
        append(spec, value.c_str());
        return at;
      }
      case 'c': {
        const char* text = argument();
        spec[length++] = 'c';
        spec[length] = '\0';
        if (text && *text) {
          snprintf(piece, sizeof piece, spec, *text);
          out_.append(piece);
        }
        return at;
      }
      case 'd':
      case 'i':
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        spec[length++] = 'l';
        spec[length++] = 'l';
        spec[length++] = kind;
        spec[length] = '\0';
        snprintf(piece, sizeof piece, spec, number(argument()));
        out_.append(piece);
        return at;
      }
      default: {
        Text what("printf: %");
        what.push(kind);
        complain(what.c_str(), "invalid directive");
        status_ = 1;
        return at;
      }
    }
  }

  // A %s conversion of value, with its width and precision.
  void append(const char* spec, const char* value) {
    int needed = snprintf(nullptr, 0, spec, value);
    if (needed <= 0) return;
    auto* piece = static_cast<char*>(malloc(static_cast<size_t>(needed) + 1));
    if (!piece) return;
    snprintf(piece, static_cast<size_t>(needed) + 1, spec, value);
    out_.append(piece);
    free(piece);
  }

  const Vec<Text>& argv_;
  size_t next_ = 2;
  Text out_;
  int status_ = 0;
};

}  // namespace

int printf_builtin(Shell&, const Vec<Text>& argv) {
  if (argv.size() < 2) {
    complain("printf", "usage: printf format [argument...]");
    return 2;
  }
  return Printer(argv).run();
}

}  // namespace sh
