// Host tests of FAT names (servers/fatfs/names.h): UTF-8 to UCS-2 and
// back, what a name may not hold, the LFN checksum, short names with
// Windows NT's case flags, and alias basis names with ~N tails.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "../../servers/fatfs/clock.h"
#include "../../servers/fatfs/names.h"

using namespace fatfs;

namespace {

LongName name(const char* text) {
  auto n = name_from_utf8(text);
  REQUIRE(n.ok());
  return *n;
}

std::string text(const LongName& n) {
  char out[kMaxNameBytes + 1];
  name_to_utf8(n, out);
  return out;
}

std::string eleven(const uint8_t* s) { return std::string(reinterpret_cast<const char*>(s), 11); }

}  // namespace

TEST_CASE("UTF-8 names become UCS-2 and come back unchanged") {
  for (const char* t : {"a", "hello world.txt", "Grüße.txt", "日本語のファイル名", "a.b.c.d"}) {
    CHECK(text(name(t)) == t);
  }
  CHECK(name("Grüße").length == 5);
}

TEST_CASE("names FAT cannot hold are refused") {
  CHECK(name_from_utf8("").error() == Error::InvalidArgument);
  CHECK(name_from_utf8(".").error() == Error::InvalidArgument);
  CHECK(name_from_utf8("..").error() == Error::InvalidArgument);
  for (const char* bad : {"a:b", "a*", "q?", "x\"y", "a<b", "a>b", "a|b", "a\\b", "tab\there", "dot.", "space "}) {
    CHECK_MESSAGE(name_from_utf8(bad).error() == Error::InvalidArgument, bad);
  }
  CHECK(name_from_utf8("\xF0\x9F\x98\x80").error() == Error::InvalidArgument);  // outside UCS-2
  CHECK(name_from_utf8("\xC3").error() == Error::InvalidArgument);              // cut short
  CHECK(name_from_utf8("\xC0\xAF").error() == Error::InvalidArgument);          // overlong
  CHECK(name_from_utf8(std::string(255, 'x')).ok());
  CHECK(name_from_utf8(std::string(256, 'x')).error() == Error::NameTooLong);
}

TEST_CASE("the LFN checksum is the specification's rotate-and-add") {
  // Computed by hand from the specification's algorithm.
  const uint8_t foo[11] = {'F', 'O', 'O', ' ', ' ', ' ', ' ', ' ', 'B', 'A', 'R'};
  uint8_t sum = 0;
  for (uint8_t c : foo) sum = uint8_t(((sum & 1) << 7) + (sum >> 1) + c);
  CHECK(lfn_checksum(foo) == sum);
  const uint8_t other[11] = {'F', 'O', 'O', ' ', ' ', ' ', ' ', ' ', 'B', 'A', 'S'};
  CHECK(lfn_checksum(other) != lfn_checksum(foo));
}

TEST_CASE("upper-case 8.3 names need no long name; others do") {
  uint8_t s[11];
  CHECK(exact_short_name(name("README.TXT"), s));
  CHECK(eleven(s) == "README  TXT");
  CHECK(exact_short_name(name("A"), s));
  CHECK(eleven(s) == "A          ");
  CHECK_FALSE(exact_short_name(name("readme.txt"), s));
  CHECK_FALSE(exact_short_name(name("LONGFILENAME.TXT"), s));
  CHECK_FALSE(exact_short_name(name("A.TEXT"), s));
  CHECK_FALSE(exact_short_name(name("A.B.C"), s));
  CHECK_FALSE(exact_short_name(name("A B"), s));
  CHECK_FALSE(exact_short_name(name("A+B"), s));
}

TEST_CASE("alias basis and numeric tails follow the specification") {
  uint8_t basis[11], alias[11];
  alias_basis(name("The quick brown.fox"), basis);
  CHECK(eleven(basis) == "THEQUICKFOX");
  alias_with_tail(basis, 1, alias);
  CHECK(eleven(alias) == "THEQUI~1FOX");
  alias_with_tail(basis, 12345, alias);
  CHECK(eleven(alias) == "TH~12345FOX");
  alias_basis(name(".bashrc"), basis);
  CHECK(eleven(basis) == "BASHRC     ");
  alias_basis(name("a+b,c.tar.gz"), basis);
  CHECK(eleven(basis) == "A_B_CTARGZ ");
  alias_basis(name("Grüße"), basis);
  CHECK(eleven(basis) == "GR__E      ");
  alias_basis(name("ab"), basis);
  alias_with_tail(basis, 3, alias);
  CHECK(eleven(alias) == "AB~3       ");
}

TEST_CASE("short names read with NT lower-case flags and the 0x05 escape") {
  uint8_t e[32] = {};
  memcpy(e, "README  TXT", 11);
  CHECK(text(short_name_text(e)) == "README.TXT");
  e[12] = 0x08;
  CHECK(text(short_name_text(e)) == "readme.TXT");
  e[12] = 0x18;
  CHECK(text(short_name_text(e)) == "readme.txt");
  memcpy(e, "NOEXT      ", 11);
  e[12] = 0;
  CHECK(text(short_name_text(e)) == "NOEXT");
  e[0] = 0x05;
  CHECK(short_name_text(e).chars[0] == 0xE5);
}

TEST_CASE("FAT times count from 1980 in two-second steps") {
  FatTime t = fat_time(1700000000);  // 2023-11-14 22:13:20 UTC
  CHECK(t.date == ((2023 - 1980) << 9 | 11 << 5 | 14));
  CHECK(t.time == (22 << 11 | 13 << 5 | 10));
  FatTime early = fat_time(0);
  CHECK(early.date == (0 << 9 | 1 << 5 | 1));
  CHECK(early.time == 0);
  FatTime leap = fat_time(951782400);  // 2000-02-29 00:00:00
  CHECK(leap.date == ((2000 - 1980) << 9 | 2 << 5 | 29));
}

TEST_CASE("/dev/rtc's text gives the Unix time back") {
  const char* text = "2023-11-14T22:13:20Z\n";
  auto t = unix_from_utc_text(text, strlen(text));
  REQUIRE(t.ok());
  CHECK(*t == 1700000000);
  CHECK(*unix_from_utc_text("1970-01-01T00:00:00Z", 20) == 0);
  CHECK(*unix_from_utc_text("2000-02-29T00:00:00Z", 20) == 951782400);
  CHECK(unix_from_utc_text("2023-11-14 22:13:20Z", 20).error() == Error::InvalidArgument);
  CHECK(unix_from_utc_text("2023-13-14T22:13:20Z", 20).error() == Error::InvalidArgument);
  CHECK(unix_from_utc_text("2023-11-14T22:13", 16).error() == Error::InvalidArgument);
}

TEST_CASE("short_name_is answers as comparing short_name_text would, for any entry bytes") {
  // Short names as a scan meets them, and bytes no tool would write.
  const char* raws[] = {"README  TXT", "NOEXT      ", "A       B  ", "        TXT", "           ",
                        "AB CD   E F", "FILE0500TXT", "file0500txt", "X~1     JPG"};
  const char* names[] = {"README.TXT", "readme.txt", "README", "NOEXT", "noext.", "A.B", "a.b", ".TXT", "",
                         "AB CD.E F", "FILE0500.TXT", "file0500.txt", "FILE0500", "x~1.jpg", "X~1.JP"};
  for (const char* raw : raws) {
    for (uint8_t flags : {0x00, 0x08, 0x18}) {
      for (uint8_t lead : {0, 0x05}) {
        uint8_t e[32] = {};
        memcpy(e, raw, 11);
        if (lead) e[0] = lead;
        e[12] = flags;
        for (const char* n : names) {
          LongName want;
          auto parsed = name_from_utf8(n);
          if (parsed) want = *parsed;
          INFO(raw, " / ", n);
          CHECK(short_name_is(e, want) == same_name(short_name_text(e), want));
        }
        CHECK(short_name_is(e, short_name_text(e)));
      }
    }
  }
}
