#include <doctest/doctest.h>

#include <string>

#include "../../drivers/uart/line_discipline.h"

using uart::LineDiscipline;

namespace {

void type(LineDiscipline& d, const std::string& text) {
  for (char c : text) d.receive(c);
}

std::string read(LineDiscipline& d, size_t count = 4096) {
  std::string out(count, '\0');
  out.resize(d.read(out.data(), count));
  return out;
}

std::string sent(LineDiscipline& d) {
  std::string out;
  while (!d.output().empty()) out += d.output().pop();
  return out;
}

}  // namespace

TEST_CASE("nothing is readable before a line ends") {
  LineDiscipline d;
  type(d, "abc");
  CHECK_FALSE(d.readable());
  CHECK(read(d) == "");
  type(d, "\n");
  CHECK(d.readable());
  CHECK(read(d) == "abc\n");
  CHECK_FALSE(d.readable());
}

TEST_CASE("typed bytes are echoed, newline as CR LF") {
  LineDiscipline d;
  type(d, "hi\r");
  CHECK(sent(d) == "hi\r\n");
  CHECK(read(d) == "hi\n");  // CR ends the line as LF
}

TEST_CASE("backspace and DEL erase the last byte and echo the erase") {
  LineDiscipline d;
  type(d, "hellp\x7fo\b\bo!\n");
  CHECK(read(d) == "helo!\n");
  CHECK(sent(d) == "hellp\b \bo\b \b\b \bo!\r\n");
}

TEST_CASE("erasing an empty line does nothing") {
  LineDiscipline d;
  type(d, "\x7f\b\n");
  CHECK(sent(d) == "\r\n");
  CHECK(read(d) == "\n");
}

TEST_CASE("a read gives one line at most, and a short read leaves the rest") {
  LineDiscipline d;
  type(d, "first\nsecond\n");
  CHECK(read(d) == "first\n");
  CHECK(read(d, 3) == "sec");
  CHECK(read(d) == "ond\n");
  CHECK_FALSE(d.readable());
}

TEST_CASE("Ctrl-D alone is end of file; after text it ends the line without a newline") {
  LineDiscipline d;
  type(d, "\x04");
  CHECK(d.readable());
  CHECK(read(d) == "");
  CHECK_FALSE(d.readable());
  type(d, "ab\x04");
  CHECK(read(d) == "ab");
  CHECK_FALSE(d.readable());
}

TEST_CASE("a read of zero bytes takes nothing, not even an end of file") {
  LineDiscipline d;
  type(d, "\x04");
  CHECK(read(d, 0) == "");
  CHECK(d.readable());
}

TEST_CASE("an overlong line stops taking bytes but still ends") {
  LineDiscipline d;
  type(d, std::string(LineDiscipline::kLineMax + 50, 'x'));
  type(d, "\n");
  std::string line = read(d);
  CHECK(line.size() == LineDiscipline::kLineMax);
  CHECK(line.back() == '\n');
}

TEST_CASE("writes queue with LF as CR LF, whole or not at all") {
  LineDiscipline d;
  CHECK(d.write("a\nb", 3));
  CHECK(sent(d) == "a\r\nb");
  CHECK(d.write("123", 3));  // the ring does not fill in whole pieces
  std::string piece(LineDiscipline::kAtomicWrite, 'z');
  while (d.write(piece.data(), piece.size())) {
  }
  size_t left = d.output().space();
  CHECK(left > 1);
  CHECK(left < piece.size());
  CHECK_FALSE(d.write(piece.data(), left + 1));  // nothing of it is queued
  CHECK(d.output().space() == left);
  std::string newlines(left, '\n');
  CHECK_FALSE(d.write(newlines.data(), left));  // each needs two slots
  CHECK(d.write(newlines.data(), left / 2));
}

TEST_CASE("a write longer than kAtomicWrite is refused: the caller splits it") {
  LineDiscipline d;
  std::string big(LineDiscipline::kAtomicWrite + 1, 'q');
  CHECK_FALSE(d.write(big.data(), big.size()));
  CHECK(d.output().empty());
}

TEST_CASE("input is refused, never dropped, when committed input is full") {
  LineDiscipline d;
  std::string line(99, 'x');
  line += '\n';
  size_t taken = 0;
  for (size_t n = 0; n < 100 * LineDiscipline::kInputBytes && d.can_receive(); ++n) {
    d.receive(line[n % line.size()]);
    ++taken;
    sent(d);  // the transmitter keeps up
  }
  CHECK_FALSE(d.can_receive());
  CHECK(taken < LineDiscipline::kInputBytes + line.size());
  // Everything taken comes out intact, line by line.
  size_t lines = 0;
  while (d.readable()) {
    CHECK(read(d) == line);
    ++lines;
  }
  CHECK(lines == taken / line.size());
  CHECK(d.can_receive());
}

TEST_CASE("echo leaves the writers' reserve of the transmit ring alone") {
  LineDiscipline d;
  size_t taken = 0;
  while (d.can_receive()) {
    d.receive(taken % 50 == 49 ? '\n' : 'e');
    ++taken;
    while (d.readable()) read(d);  // a reader keeps up, the transmitter does not
  }
  CHECK(d.output().space() >= LineDiscipline::kEchoReserve);
  std::string piece(LineDiscipline::kAtomicWrite, 'w');
  CHECK(d.write(piece.data(), piece.size()));
}

// Line editing: arrows, history and Ctrl-C.

namespace {

const std::string kLeft = "\x1b[D";
const std::string kRight = "\x1b[C";
const std::string kUp = "\x1b[A";
const std::string kDown = "\x1b[B";

}  // namespace

TEST_CASE("left arrow then typing inserts in the middle and redraws the rest") {
  LineDiscipline d;
  type(d, "acd");
  sent(d);
  type(d, kLeft + kLeft);
  CHECK(sent(d) == "\x1b[1D\x1b[1D");
  type(d, "b");
  CHECK(sent(d) == "bcd\x1b[2D");  // the byte, the rest of the line, the cursor back
  type(d, "\n");
  CHECK(read(d) == "abcd\n");
}

TEST_CASE("backspace in the middle erases before the cursor and redraws") {
  LineDiscipline d;
  type(d, "abxc" + kLeft);
  sent(d);
  type(d, "\x7f");
  CHECK(sent(d) == "\bc \x1b[2D");
  type(d, "\r");
  CHECK(read(d) == "abc\n");
}

TEST_CASE("right arrow moves over the line and stops at its end") {
  LineDiscipline d;
  type(d, "abc" + kLeft + kLeft + kLeft + kRight);
  sent(d);
  type(d, kRight + kRight + kRight);  // the last goes nowhere
  CHECK(sent(d) == "bc");
  type(d, "d\n");
  CHECK(read(d) == "abcd\n");
}

TEST_CASE("left arrow stops at the start of the line") {
  LineDiscipline d;
  type(d, "b" + kLeft + kLeft + "a\n");
  CHECK(read(d) == "ab\n");
}

TEST_CASE("Home, End and Delete") {
  LineDiscipline d;
  type(d, "bcx\x1b[H" "a\x1b[F" + kLeft + "\x1b[3~" "\n");
  CHECK(read(d) == "abc\n");
  type(d, "yz\x1b[1~x\x1b[4~!\n");  // the VT220 forms
  CHECK(read(d) == "xyz!\n");
}

TEST_CASE("an escape sequence split across receives is still one key") {
  LineDiscipline d;
  type(d, "ac");
  type(d, "\x1b");
  type(d, "[");
  type(d, "D");
  type(d, "b\n");
  CHECK(read(d) == "abc\n");
}

TEST_CASE("unknown sequences are swallowed whole; a control byte ends one") {
  LineDiscipline d;
  type(d, "a\x1b[5;2Xb\x1b[12\nc\n");
  CHECK(read(d) == "ab\n");  // the newline ended the broken sequence and the line
  CHECK(read(d) == "c\n");
  type(d, "\x1bOD" "x\x1bq\n");  // application-mode arrow; ESC then a plain key
  CHECK(read(d) == "xq\n");
}

TEST_CASE("up and down recall the history; the line being typed comes back") {
  LineDiscipline d;
  type(d, "first\nsecond\n");
  read(d);
  read(d);
  sent(d);
  type(d, "dra");
  sent(d);
  type(d, kUp);
  CHECK(sent(d) == "\x1b[3D\x1b[Ksecond");
  type(d, kUp + kUp);  // the second stays at the oldest
  type(d, "!\n");
  CHECK(read(d) == "first!\n");
  type(d, kUp + kUp + kDown + kDown);
  type(d, "\n");
  CHECK(read(d) == "\n");  // back to the (empty) line being typed
  type(d, "abc" + kUp + kDown + "d\n");
  CHECK(read(d) == "abcd\n");
}

TEST_CASE("recalling redraws the whole line: cursor to the start, erase, the line") {
  LineDiscipline d;
  type(d, "one\n");
  read(d);
  type(d, "xy" + kLeft);
  sent(d);
  type(d, kUp);
  CHECK(sent(d) == "\x1b[1D\x1b[Kone");
}

TEST_CASE("the history keeps the last kHistoryLines lines, without repeats or empty lines") {
  LineDiscipline d;
  for (size_t i = 0; i < LineDiscipline::kHistoryLines + 5; ++i) {
    type(d, "line" + std::to_string(i) + "\n");
    read(d);
    sent(d);
  }
  type(d, "\nline" + std::to_string(LineDiscipline::kHistoryLines + 4) + "\n");
  read(d);
  read(d);
  std::string ups;
  for (size_t i = 0; i < LineDiscipline::kHistoryLines + 3; ++i) ups += kUp;
  type(d, ups + "\n");
  CHECK(read(d) == "line5\n");  // the oldest kept
  type(d, kUp + kUp + "\n");
  CHECK(read(d) == std::string("line") + std::to_string(LineDiscipline::kHistoryLines + 4) + "\n");
}

TEST_CASE("Ctrl-C discards the line, echoes ^C and raises the interrupt once") {
  LineDiscipline d;
  CHECK_FALSE(d.take_interrupt());
  type(d, "sleep 100");
  sent(d);
  type(d, "\x03");
  CHECK(sent(d) == "^C\r\n");
  CHECK(d.take_interrupt());
  CHECK_FALSE(d.take_interrupt());
  CHECK_FALSE(d.readable());
  type(d, "ls\n");
  CHECK(read(d) == "ls\n");
}

TEST_CASE("pasted lines with no escapes come through unchanged, echo too") {
  LineDiscipline d;
  std::string paste;
  for (int i = 0; i < 20; ++i) paste += "line " + std::to_string(i) + " with words\n";
  type(d, paste);
  std::string got;
  while (d.readable()) got += read(d);
  CHECK(got == paste);
  std::string echo = sent(d);
  std::string expected;
  for (char c : paste) expected += c == '\n' ? std::string("\r\n") : std::string(1, c);
  CHECK(echo == expected);
}

TEST_CASE("a recalled line that would not fit the unread input is not recalled") {
  // Lines of 100 bytes left unread: the first count leaves room for the
  // 601-byte recalled line (with its newline), the second does not.
  constexpr size_t kFits = (LineDiscipline::kInputBytes - 1100) / 100;
  constexpr size_t kTooFull = (LineDiscipline::kInputBytes - 600 + 99) / 100;
  static_assert(kTooFull < LineDiscipline::kMaxLines);
  for (size_t unread : {kFits, kTooFull}) {
    LineDiscipline d;
    std::string long_line(600, 'l');
    type(d, long_line + "\n");
    read(d);
    for (size_t i = 0; i < unread; ++i) {
      type(d, std::string(99, 's') + "\n");
      sent(d);
    }
    REQUIRE(d.can_receive());
    type(d, "\x1b[A\x1b[A\n");  // the short line (newest), then the long one
    sent(d);
    std::string last;
    size_t lines = 0;
    for (; d.readable(); ++lines) last = read(d);
    CAPTURE(unread);
    CHECK(lines == unread + 1);  // the line was committed, not dropped
    CHECK(last == (unread == kFits ? long_line : std::string(99, 's')) + "\n");
  }
}
