#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "../../servers/init/config.h"
#include "../../servers/init/virtio_slots.h"

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

TEST_CASE("the restart policies: always, never, essential, nothing else") {
  Config c;
  REQUIRE(parse("service vfs bin/vfs essential serve:vfs\n", c).line == 0);
  CHECK(c.services[0].restart == Restart::Essential);
  ParseError e = parse("service vfs bin/vfs sometimes serve:vfs\n", c);
  CHECK(e.line == 1);
  CHECK(std::string(e.what) == "restart policy must be always, never or essential");
}

TEST_CASE("a service for a device: a Vfs clone, and the device named as its argument, not as a handle") {
  Config c;
  REQUIRE(parse("service disk bin/fatfs always serve:diskfs clone:vfs device:blk0\n", c).line == 0);
  REQUIRE(c.service_count == 1);
  const ServiceSpec& s = c.services[0];
  REQUIRE(s.handle_count == 2);
  CHECK(s.handles[1].kind == HandleKind::Clone);
  CHECK(std::string(s.handles[1].name) == "vfs");
  CHECK(std::string(s.device) == "blk0");
  CHECK(std::string(s.argument) == "blk0");
  REQUIRE(parse("service a bin/a always serve:x\n", c).line == 0);
  CHECK(c.services[0].device[0] == '\0');
  CHECK(parse("service a bin/a always device:" + std::string(40, 'd') + "\n", c).line == 1);
  CHECK(parse("service a bin/a always device:\n", c).line == 1);
}

TEST_CASE("clock: a word, not a handle, that gives the service the wall-clock epoch") {
  Config c;
  REQUIRE(parse("service ramfs bin/ramfs always serve:rootfs resource:bootfs clock\n", c).line == 0);
  REQUIRE(c.service_count == 1);
  CHECK(c.services[0].clock);
  CHECK(c.services[0].handle_count == 2);
  REQUIRE(parse("service tmpfs bin/ramfs always serve:tmpfs\n", c).line == 0);
  CHECK(!c.services[0].clock);
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

TEST_CASE("a virtio line gives each block device its own driver, with its slot, numbered in slot order") {
  Config c;
  REQUIRE(parse("service devfs bin/devfs always serve:devreg\n"
                "virtio 2 blk bin/virtio-blk always resource:dma registry:devreg\n",
                c)
              .line == 0);
  REQUIRE(c.virtio_driver_count == 1);
  CHECK(c.virtio_drivers[0].device_id == 2);
  constexpr uint32_t kMagic = 0x74726976;
  const VirtioSlot slots[] = {
      {"virtio0", 0x10001000, kMagic, 2, 0},       // empty
      {"virtio1", 0x10002000, kMagic, 1, 2},       // a legacy block device
      {"virtio2", 0x10003000, kMagic, 2, 4},       // an RNG: no line drives it
      {"virtio3", 0x10004000, 0x12345678, 2, 2},   // not virtio at all
      {"virtio4", 0x10005000, kMagic, 2, 2},       // a modern block device
  };
  AddedServices added = add_virtio_services(c, slots, 5);
  CHECK(added.added == 2);
  CHECK(added.no_room == 0);
  REQUIRE(c.service_count == 3);
  const ServiceSpec& blk0 = c.services[1];
  CHECK(std::string(blk0.name) == "blk0");
  CHECK(std::string(blk0.argument) == "blk0");
  CHECK(std::string(blk0.program) == "bin/virtio-blk");
  CHECK(blk0.restart == Restart::Always);
  REQUIRE(blk0.handle_count == 3);
  CHECK(blk0.handles[0].kind == HandleKind::Resource);
  CHECK(std::string(blk0.handles[0].name) == "virtio1");
  CHECK(std::string(blk0.handles[1].name) == "dma");
  CHECK(blk0.handles[2].kind == HandleKind::Registry);
  CHECK(std::string(c.services[2].name) == "blk1");
  CHECK(std::string(c.services[2].handles[0].name) == "virtio4");
  CHECK(std::string(c.services[0].argument).empty());
}

TEST_CASE("virtio lines: bad ones name their line, and devices beyond the service table are counted") {
  Config c;
  CHECK(parse("virtio x blk bin/b always\n", c).line == 1);
  CHECK(parse("virtio 2 blk bin/b\n", c).line == 1);
  CHECK(parse("virtio 2 blk bin/b always serve:a serve:b serve:c serve:d serve:e serve:f serve:g\n", c).line == 1);
  std::string full;
  for (int i = 0; i < 15; ++i) full += "service s" + std::to_string(i) + " bin/x never\n";
  REQUIRE(parse(full + "virtio 2 blk bin/b always\n", c).line == 0);
  const VirtioSlot slots[] = {{"virtio0", 0, 0x74726976, 1, 2}, {"virtio1", 0, 0x74726976, 1, 2}};
  AddedServices added = add_virtio_services(c, slots, 2);
  CHECK(added.added == 1);
  CHECK(added.no_room == 1);
  CHECK(c.service_count == kMaxServices);
}

TEST_CASE("a console line names the program init runs on the console; one, with one word") {
  Config c;
  REQUIRE(parse("service a bin/a always\n", c).line == 0);
  CHECK(std::string(c.console).empty());
  REQUIRE(parse("console sh\nservice a bin/a always\n", c).line == 0);
  CHECK(std::string(c.console) == "sh");
  CHECK(parse("console sh\nconsole sh\n", c).line == 2);
  CHECK(parse("console\n", c).line == 1);
  CHECK(std::strcmp(parse("console sh -i\n", c).what, "console needs PROGRAM") == 0);
  CHECK(parse("console " + std::string(40, 'n') + "\n", c).line == 1);
}
