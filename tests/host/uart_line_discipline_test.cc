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

TEST_CASE("writes queue with LF as CR LF, and stop whole when the ring is full") {
  LineDiscipline d;
  CHECK(d.write("a\nb", 3) == 3);
  CHECK(sent(d) == "a\r\nb");
  std::string fill(LineDiscipline::kOutputBytes - 1, 'z');
  CHECK(d.write(fill.data(), fill.size()) == fill.size());
  CHECK(d.write("\n", 1) == 0);  // needs two slots, one is free
  CHECK(d.write("y", 1) == 1);
  CHECK(d.write("y", 1) == 0);
}
