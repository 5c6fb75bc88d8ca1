// The small formatters and parsers of the utilities: seq's decimals, wc's
// counts and columns, /proc's text for ps, free and uptime, ls -l's mode
// letters, chmod's modes and touch -d's times (apps/coreutils/lib/).
#include <doctest/doctest.h>

#include <string>
#include <sys/stat.h>

#include "../../apps/coreutils/lib/date_time.h"
#include "../../apps/coreutils/lib/decimal.h"
#include "../../apps/coreutils/lib/file_mode.h"
#include "../../apps/coreutils/lib/mode_change.h"
#include "../../apps/coreutils/lib/proc_text.h"
#include "../../apps/coreutils/lib/word_count.h"

using namespace coreutils;

namespace {

std::string decimal_text(const char* text, int places) {
  Decimal d, scaled;
  REQUIRE(parse_decimal(text, d));
  REQUIRE(rescale(d, places, scaled));
  char out[48];
  format_decimal(scaled, out, sizeof out);
  return out;
}

std::string mode(mode_t m) {
  char out[11];
  mode_string(m, out);
  return out;
}

}  // namespace

TEST_CASE("decimals keep their places exactly") {
  CHECK(decimal_text("1", 0) == "1");
  CHECK(decimal_text("1", 2) == "1.00");
  CHECK(decimal_text("0.5", 1) == "0.5");
  CHECK(decimal_text("-0.5", 1) == "-0.5");
  CHECK(decimal_text("-3.25", 3) == "-3.250");
  CHECK(decimal_text("+7", 0) == "7");
  CHECK(decimal_text(".5", 1) == "0.5");
  CHECK(decimal_text("-999999999999999999", 0) == "-999999999999999999");
  Decimal d;
  CHECK_FALSE(parse_decimal("", d));
  CHECK_FALSE(parse_decimal("-", d));
  CHECK_FALSE(parse_decimal("1.2.3", d));
  CHECK_FALSE(parse_decimal("1e5", d));
  CHECK_FALSE(parse_decimal("1234567890123456789", d));
  Decimal big, out;
  REQUIRE(parse_decimal("999999999999999999", big));
  CHECK_FALSE(rescale(big, 2, out));
}

TEST_CASE("wc counts lines, words and bytes, across pieces") {
  WordCount count;
  count.feed("one two", 7);
  count.feed("\tthree\n  four", 13);
  CHECK(count.lines == 1);
  CHECK(count.words == 4);
  CHECK(count.bytes == 20);
  WordCount split;
  split.feed("ab", 2);
  split.feed("cd\n", 3);
  CHECK(split.words == 1);
}

TEST_CASE("wc's columns are as wide as GNU wc makes them") {
  InputSize file{false, true, 292};
  CHECK(count_width(&file, 1, 3) == 3);
  CHECK(count_width(&file, 1, 1) == 1);  // one number alone
  InputSize pipe{false, false, 0};
  CHECK(count_width(&pipe, 1, 3) == 7);
  CHECK(count_width(&pipe, 1, 1) == 1);
  InputSize two[] = {{false, true, 292}, {false, true, 4}};
  CHECK(count_width(two, 2, 1) == 3);
  InputSize missing_first[] = {{true, false, 0}, {false, true, 292}};
  CHECK(count_width(missing_first, 2, 3) == 3);
  InputSize small{false, true, 4};
  CHECK(count_width(&small, 1, 3) == 1);
}

TEST_CASE("fields of /proc/<pid>/status and /proc/meminfo are found by key") {
  const char* status = "Name:\tsh\nUmask:\t0022\nState:\tS (sleeping)\nPPid:\t1\nVmRSS:\t  1234 kB\n";
  char value[32];
  REQUIRE(proc_field(status, "Name", value, sizeof value));
  CHECK(std::string(value) == "sh");
  REQUIRE(proc_field(status, "State", value, sizeof value));
  CHECK(std::string(value) == "S (sleeping)");
  CHECK_FALSE(proc_field(status, "Threads", value, sizeof value));
  CHECK_FALSE(proc_field(status, "Nam", value, sizeof value));  // a prefix of a key is not the key
  uint64_t n = 0;
  REQUIRE(proc_number(status, "VmRSS", n));
  CHECK(n == 1234);
  CHECK_FALSE(proc_number(status, "Name", n));
  char small[3];
  REQUIRE(proc_field(status, "State", small, sizeof small));
  CHECK(std::string(small) == "S ");
  const char* meminfo = "MemTotal:       131072 kB\nMemFree:         98304 kB";
  REQUIRE(proc_number(meminfo, "MemFree", n));
  CHECK(n == 98304);
}

TEST_CASE("uptime reads whole seconds and shows hours, minutes and days") {
  uint64_t seconds = 0;
  REQUIRE(parse_uptime_seconds("3723.45 100.00\n", seconds));
  CHECK(seconds == 3723);
  CHECK_FALSE(parse_uptime_seconds("x", seconds));
  char line[64];
  format_uptime(3723, line, sizeof line);
  CHECK(std::string(line) == "up 1:02:03");
  format_uptime(59, line, sizeof line);
  CHECK(std::string(line) == "up 0:00:59");
  format_uptime(86400 + 60, line, sizeof line);
  CHECK(std::string(line) == "up 1 day, 0:01:00");
  format_uptime(3 * 86400 + 7200, line, sizeof line);
  CHECK(std::string(line) == "up 3 days, 2:00:00");
}

TEST_CASE("modes show as ls -l shows them") {
  CHECK(mode(S_IFREG | 0644) == "-rw-r--r--");
  CHECK(mode(S_IFDIR | 0755) == "drwxr-xr-x");
  CHECK(mode(S_IFCHR | 0620) == "crw--w----");
  CHECK(mode(S_IFREG | 04755) == "-rwsr-xr-x");
  CHECK(mode(S_IFREG | 02644) == "-rw-r-Sr--");
  CHECK(mode(S_IFDIR | 01777) == "drwxrwxrwt");
  CHECK(mode(S_IFDIR | 01770) == "drwxrwx--T");
  CHECK(std::string(file_type_name(S_IFDIR)) == "directory");
  CHECK(std::string(file_type_name(S_IFREG)) == "regular file");
}

TEST_CASE("chmod modes: octal and symbolic clauses as POSIX chmod reads them") {
  // spec, current mode, a directory?, result (octal), or -1: not a mode. The umask is 022.
  struct Case {
    const char* spec;
    mode_t current;
    bool directory;
    int expected;
  };
  const Case cases[] = {
      {"600", 0644, false, 0600},           {"4755", 0644, false, 04755},
      {"u+x", 0644, false, 0744},           {"go-r", 0644, false, 0600},
      {"a=r", 0755, false, 0444},           {"u=rwx,g=rx,o=", 0, false, 0750},
      {"+x", 0644, false, 0755},            {"+w", 0444, false, 0644},  // no who letters: the umask masks
      {"a+w", 0444, false, 0666},           {"u+s,+t", 0755, false, 05755},
      {"a+X", 0644, false, 0644},           {"a+X", 0744, false, 0755},
      {"a+X", 0600, true, 0711},            {"u-w+x", 0644, false, 0544},
      {"8", 0644, false, -1},               {"10000", 0644, false, -1},
      {"u+q", 0644, false, -1},             {"z+x", 0644, false, -1},
      {"u", 0644, false, -1},               {"u+x,", 0644, false, -1},
      {"", 0644, false, -1},
  };
  for (const Case& c : cases) {
    mode_t out = 0;
    bool ok = change_mode(c.spec, c.current, c.directory, 022, out);
    CAPTURE(c.spec);
    CHECK(ok == (c.expected >= 0));
    if (ok) CHECK(int(out) == c.expected);
  }
}

TEST_CASE("touch -d times: ISO 8601 as POSIX touch reads them") {
  struct timespec t {};
  REQUIRE(parse_date_time("2024-01-02T03:04:05Z", t));
  CHECK(t.tv_sec == 1704164645);
  CHECK(t.tv_nsec == 0);
  REQUIRE(parse_date_time("1969-12-31 23:59:59.25Z", t));
  CHECK(t.tv_sec == -1);
  CHECK(t.tv_nsec == 250000000);
  REQUIRE(parse_date_time("2000-02-29T12:00:00,5Z", t));
  CHECK(t.tv_sec == 951825600);
  CHECK(t.tv_nsec == 500000000);
  CHECK_FALSE(parse_date_time("2024-01-02", t));
  CHECK_FALSE(parse_date_time("2024-13-02T00:00:00Z", t));
  CHECK_FALSE(parse_date_time("2024-01-02T00:00:00Zjunk", t));
  CHECK_FALSE(parse_date_time("2024-01-02T00:00:00.", t));
  CHECK_FALSE(parse_date_time("24-01-02T00:00:00Z", t));
}
