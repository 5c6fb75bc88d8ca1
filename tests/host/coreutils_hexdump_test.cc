// hexdump -C's format (apps/coreutils/lib/hexdump_format.h), byte for byte
// as util-linux writes it (tests/host/coreutils_run_test.py also compares
// with the host's hexdump).
#include <doctest/doctest.h>

#include <string>

#include "../../apps/coreutils/lib/hexdump_format.h"

using coreutils::HexdumpFormatter;
using coreutils::Sink;

namespace {

// The dump of bytes, fed in pieces of `piece` bytes.
std::string dump(const std::string& bytes, size_t piece = 1000) {
  std::string out;
  HexdumpFormatter formatter(Sink{[](void* context, const char* text, size_t length) {
                                    static_cast<std::string*>(context)->append(text, length);
                                  },
                                  &out});
  for (size_t at = 0; at < bytes.size(); at += piece) {
    std::string part = bytes.substr(at, piece);
    formatter.feed(reinterpret_cast<const uint8_t*>(part.data()), part.size());
  }
  formatter.finish();
  return out;
}

}  // namespace

TEST_CASE("no input, no output") { CHECK(dump("") == ""); }

TEST_CASE("a short line is padded so that the text column stays in place") {
  CHECK(dump("hello world\n") ==
        "00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |hello world.|\n"
        "0000000c\n");
  CHECK(dump("abc") ==
        "00000000  61 62 63                                          |abc|\n"
        "00000003\n");
}

TEST_CASE("a full line has two groups of eight") {
  CHECK(dump("0123456789abcdef") ==
        "00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n"
        "00000010\n");
}

TEST_CASE("bytes outside printable ASCII show as dots") {
  CHECK(dump(std::string("\x00\x7f\x80\xff ~", 6)) ==
        "00000000  00 7f 80 ff 20 7e                                 |.... ~|\n"
        "00000006\n");
}

TEST_CASE("a run of equal lines is one star, and the offset goes on") {
  std::string zeros(48, '\0');
  std::string expected =
      "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
      "*\n"
      "00000030\n";
  CHECK(dump(zeros) == expected);
  CHECK(dump(std::string(32, '\0') + "x") ==
        "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
        "*\n"
        "00000020  78                                                |x|\n"
        "00000021\n");
  // A different line ends the run; an equal one later starts no star.
  CHECK(dump(std::string(16, 'a') + std::string(16, 'b') + std::string(16, 'a')) ==
        "00000000  61 61 61 61 61 61 61 61  61 61 61 61 61 61 61 61  |aaaaaaaaaaaaaaaa|\n"
        "00000010  62 62 62 62 62 62 62 62  62 62 62 62 62 62 62 62  |bbbbbbbbbbbbbbbb|\n"
        "00000020  61 61 61 61 61 61 61 61  61 61 61 61 61 61 61 61  |aaaaaaaaaaaaaaaa|\n"
        "00000030\n");
}

TEST_CASE("how the input is split into pieces does not change the dump") {
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes += char(i * 37 % 251);
  bytes += std::string(64, 'z');
  std::string whole = dump(bytes);
  CHECK(dump(bytes, 1) == whole);
  CHECK(dump(bytes, 7) == whole);
  CHECK(dump(bytes, 16) == whole);
}
