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
