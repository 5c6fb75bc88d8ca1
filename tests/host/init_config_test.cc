#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "../../servers/init/config.h"

using namespace init;

namespace {
ParseError parse(const std::string& text, Config& c) { return parse_config(text.data(), text.size(), c); }
}  // namespace

TEST_CASE("services, their handles and mounts are read in order") {
  Config c;
  ParseError e = parse(
      "# comment\n"
      "service ramfs bin/ramfs always serve:rootfs resource:bootfs  # trailing\n"
      "\n"
      "service uart bin/uart never resource:uart registry:devreg connect:x\n"
      "mount /tmp tmpfs\n",
      c);
  REQUIRE(e.line == 0);
  REQUIRE(c.service_count == 2);
  CHECK(std::string(c.services[0].name) == "ramfs");
  CHECK(std::string(c.services[0].program) == "bin/ramfs");
  CHECK(c.services[0].restart == Restart::Always);
  REQUIRE(c.services[0].handle_count == 2);
  CHECK(c.services[0].handles[0].kind == HandleKind::Serve);
  CHECK(std::string(c.services[0].handles[0].name) == "rootfs");
  CHECK(c.services[0].handles[1].kind == HandleKind::Resource);
  CHECK(c.services[1].restart == Restart::Never);
  CHECK(c.services[1].handles[1].kind == HandleKind::Registry);
  CHECK(c.services[1].handles[2].kind == HandleKind::Connect);
  REQUIRE(c.mount_count == 1);
  CHECK(std::string(c.mounts[0].path) == "/tmp");
  CHECK(std::string(c.mounts[0].channel) == "tmpfs");
}

TEST_CASE("errors name the line") {
  Config c;
  CHECK(parse("service a bin/a sometimes\n", c).line == 1);
  CHECK(parse("\nservice a bin/a\n", c).line == 2);
  CHECK(parse("service a bin/a always bogus:x\n", c).line == 1);
  CHECK(parse("service a bin/a always serve:\n", c).line == 1);
  CHECK(parse("frobnicate\n", c).line == 1);
  CHECK(parse("mount tmp x\n", c).line == 1);
  CHECK(parse("mount /tmp\n", c).line == 1);
  CHECK(std::strcmp(parse("mount /tmp\n", c).what, "mount needs PATH CHANNEL") == 0);
}

TEST_CASE("limits are enforced, never overrun") {
  Config c;
  std::string many;
  for (int i = 0; i < 20; ++i) many += "service s" + std::to_string(i) + " bin/x never\n";
  CHECK(parse(many, c).line == 17);
  std::string handles = "service a bin/a always";
  for (int i = 0; i < 9; ++i) handles += " serve:c" + std::to_string(i);
  CHECK(parse(handles, c).line == 1);
  CHECK(parse("service " + std::string(40, 'n') + " bin/a always\n", c).line == 1);
}

TEST_CASE("a file without a final newline and with CRLF line ends parses") {
  Config c;
  REQUIRE(parse("service a bin/a always\r\nmount /x a", c).line == 0);
  CHECK(c.service_count == 1);
  CHECK(c.mount_count == 1);
}
