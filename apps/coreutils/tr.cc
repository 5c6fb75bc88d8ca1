// tr [-ds] SET1 [SET2]: copies stdin to stdout, translating the bytes of
// SET1 to those of SET2 at the same place (SET2 is stretched with its last
// byte when shorter), deleting the bytes of SET1 with -d, and with -s
// squeezing runs of one byte of the last set given into one. Sets are bytes,
// ranges a-z, and the escapes \n \t \r \\ \a \b \f \v and \NNN (octal).
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/input.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

constexpr const char* kSynopsis = "[-ds] set1 [set2]";
constexpr size_t kMaxSet = 4096;  // longer sets would only repeat bytes

struct ByteSet {
  unsigned char bytes[kMaxSet];
  size_t size = 0;
};

// The byte an escape after a backslash at text stands for; moves text past it.
unsigned char escaped(const char*& text) {
  static const char kNames[] = "ntr\\abfv";
  static const char kBytes[] = "\n\t\r\\\a\b\f\v";
  if (*text >= '0' && *text <= '7') {
    unsigned value = 0;
    for (int digits = 0; digits < 3 && *text >= '0' && *text <= '7'; ++digits) value = value * 8 + (*text++ - '0');
    return static_cast<unsigned char>(value);
  }
  if (*text == '\0') return '\\';  // a backslash at the end is itself
  for (size_t i = 0; kNames[i]; ++i) {
    if (*text == kNames[i]) {
      ++text;
      return static_cast<unsigned char>(kBytes[i]);
    }
  }
  return static_cast<unsigned char>(*text++);  // \x is x
}

unsigned char next_byte(const char*& text) {
  if (*text == '\\') return escaped(++text);
  return static_cast<unsigned char>(*text++);
}

// Reads a set as written; false (having said why) on a reversed range.
bool parse_set(const char* text, ByteSet& set) {
  while (*text) {
    unsigned char first = next_byte(text);
    unsigned char last = first;
    if (text[0] == '-' && text[1] != '\0') {
      ++text;
      last = next_byte(text);
      if (last < first) {
        complain("range-endpoints of '%c-%c' are in reverse collating sequence order", first, last);
        return false;
      }
    }
    for (unsigned byte = first; byte <= last && set.size < kMaxSet; ++byte) {
      set.bytes[set.size++] = static_cast<unsigned char>(byte);
    }
  }
  return true;
}

struct Plan {
  unsigned char map[256];  // what each byte becomes
  bool deleted[256] = {};
  bool squeezed[256] = {};
};

int copy(const Plan& plan) {
  unsigned char in[4096];
  unsigned char out[4096];
  int last = -1;  // the byte written last, for squeezing across reads
  for (;;) {
    ssize_t got = read(0, in, sizeof in);
    if (got < 0) return report_errno("stdin");
    if (got == 0) return kExitOk;
    size_t length = 0;
    for (ssize_t i = 0; i < got; ++i) {
      if (plan.deleted[in[i]]) continue;
      unsigned char byte = plan.map[in[i]];
      if (plan.squeezed[byte] && last == byte) continue;
      out[length++] = byte;
      last = byte;
    }
    if (!write_all(1, out, length)) return report_errno("stdout");
  }
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("tr");
  bool delete_set1 = false;
  bool squeeze = false;
  for (int c; (c = next_option(argc, argv, "ds")) != -1;) {
    if (c == 'd') delete_set1 = true;
    else if (c == 's') squeeze = true;
    else return usage(kSynopsis);
  }
  int operands = argc - optind;
  // -d alone takes one set, -ds two; translating takes two; -s alone one or two.
  int wanted = delete_set1 ? (squeeze ? 2 : 1) : (squeeze ? operands : 2);
  if (operands < 1 || operands > 2 || operands != wanted) {
    if (operands < wanted) complain("missing operand");
    else complain("extra operand '%s'", argv[optind + wanted]);
    return usage(kSynopsis);
  }
  static ByteSet set1, set2;
  if (!parse_set(argv[optind], set1)) return kExitFailure;
  if (operands == 2 && !parse_set(argv[optind + 1], set2)) return kExitFailure;
  bool translate = operands == 2 && !delete_set1;
  if (translate && set2.size == 0 && set1.size > 0) return complain("when not truncating set1, string2 must be non-empty");
  static Plan plan;
  for (int byte = 0; byte < 256; ++byte) plan.map[byte] = static_cast<unsigned char>(byte);
  for (size_t i = 0; i < set1.size; ++i) {
    if (delete_set1) plan.deleted[set1.bytes[i]] = true;
    else if (translate) plan.map[set1.bytes[i]] = set2.bytes[i < set2.size ? i : set2.size - 1];
  }
  const ByteSet& squeezed = operands == 2 ? set2 : set1;
  for (size_t i = 0; squeeze && i < squeezed.size; ++i) plan.squeezed[squeezed.bytes[i]] = true;
  return copy(plan);
}
