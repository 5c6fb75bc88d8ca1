#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "../../servers/vfs/mount_table.h"

using vfs::FsId;
using vfs::MountSpace;
using vfs::Path;

namespace {

constexpr FsId kRoot = 1, kTmp = 2, kOther = 3, kDisk = 4;

Path path(const std::string& text) {
  Path p;
  REQUIRE(p.assign_normal(text).ok());
  return p;
}

// Where text leads, as "fs:/path-inside" ("!" + error name on failure).
std::string where(const MountSpace& space, const std::string& text) {
  Path normal;
  if (Status s = normal.assign_normal(text); !s) return std::string("!") + abi::error_name(s.error());
  vfs::Resolution r;
  if (Status s = space.resolve(normal, r); !s) return std::string("!") + abi::error_name(s.error());
  return std::to_string(r.fs) + ":/" + std::string(r.path);
}

std::vector<std::string> listing(const MountSpace& space) {
  std::vector<std::string> out;
  for (size_t i = 0; const vfs::Mount* m = space.at(i); ++i) {
    out.push_back(std::string(m->point.view()) + "=" + std::to_string(m->fs) + ":" + std::string(m->root.view()));
  }
  return out;
}

// A mountspace is large: keep it off the stack.
std::unique_ptr<MountSpace> rooted() {
  auto space = std::make_unique<MountSpace>();
  REQUIRE(space->mount(Path(), kRoot).ok());
  return space;
}

}  // namespace

TEST_CASE("everything resolves to the root file system when only it is mounted") {
  auto space = rooted();
  CHECK(where(*space, "/") == "1:/");
  CHECK(where(*space, "/a/b") == "1:/a/b");
}

TEST_CASE("an empty mountspace resolves nothing") {
  MountSpace space;
  CHECK(where(space, "/") == "!NotFound");
}

TEST_CASE("the longest mount prefix wins") {
  auto space = rooted();
  REQUIRE(space->mount(path("/mnt"), kTmp).ok());
  REQUIRE(space->mount(path("/mnt/disk"), kDisk).ok());
  CHECK(where(*space, "/mnt") == "2:/");
  CHECK(where(*space, "/mnt/x") == "2:/x");
  CHECK(where(*space, "/mnt/disk") == "4:/");
  CHECK(where(*space, "/mnt/disk/a/b") == "4:/a/b");
  CHECK(where(*space, "/etc") == "1:/etc");
}

TEST_CASE("mount order does not matter for the longest prefix") {
  auto space = rooted();
  REQUIRE(space->mount(path("/mnt/disk"), kDisk).ok());
  REQUIRE(space->mount(path("/mnt"), kTmp).ok());
  CHECK(where(*space, "/mnt/disk/f") == "4:/f");
  CHECK(where(*space, "/mnt/f") == "2:/f");
}

TEST_CASE("prefixes match on component boundaries only") {
  auto space = rooted();
  REQUIRE(space->mount(path("/tmp"), kTmp).ok());
  CHECK(where(*space, "/tmpx") == "1:/tmpx");
  CHECK(where(*space, "/tmpx/y") == "1:/tmpx/y");
  CHECK(where(*space, "/tm") == "1:/tm");
  CHECK(where(*space, "/tmp/x") == "2:/x");
}

TEST_CASE("a mount shadows what lies beneath until it is unmounted") {
  auto space = rooted();
  REQUIRE(space->mount(path("/tmp"), kTmp).ok());
  CHECK(where(*space, "/tmp/file") == "2:/file");
  auto removed = space->umount(path("/tmp"));
  REQUIRE(removed.ok());
  CHECK(*removed == kTmp);
  CHECK(where(*space, "/tmp/file") == "1:/tmp/file");
}

TEST_CASE("mounts at the same point stack: the newest wins and umount uncovers the older") {
  auto space = rooted();
  REQUIRE(space->mount(path("/tmp"), kTmp).ok());
  REQUIRE(space->mount(path("/tmp"), kOther).ok());
  CHECK(where(*space, "/tmp/f") == "3:/f");
  CHECK(*space->umount(path("/tmp")) == kOther);
  CHECK(where(*space, "/tmp/f") == "2:/f");
  CHECK(*space->umount(path("/tmp")) == kTmp);
  CHECK(where(*space, "/tmp/f") == "1:/tmp/f");
}

TEST_CASE("a file system mounted over the root shadows it and can be unmounted") {
  auto space = rooted();
  REQUIRE(space->mount(Path(), kOther).ok());
  CHECK(where(*space, "/x") == "3:/x");
  CHECK(*space->umount(Path()) == kOther);
  CHECK(where(*space, "/x") == "1:/x");
}

TEST_CASE("the last root mount cannot be unmounted") {
  auto space = rooted();
  CHECK(space->umount(Path()).error() == Error::Busy);
  CHECK(where(*space, "/x") == "1:/x");
}

TEST_CASE("unmounting a path that is not a mount point is InvalidArgument") {
  auto space = rooted();
  REQUIRE(space->mount(path("/tmp"), kTmp).ok());
  CHECK(space->umount(path("/tmp/x")).error() == Error::InvalidArgument);
  CHECK(space->umount(path("/tm")).error() == Error::InvalidArgument);
  CHECK(space->umount(path("/etc")).error() == Error::InvalidArgument);
  CHECK(space->size() == 2);
}

TEST_CASE("dot-dot is applied to the text first, so it leaves a mount") {
  auto space = rooted();
  REQUIRE(space->mount(path("/mnt"), kTmp).ok());
  CHECK(where(*space, "/mnt/..") == "1:/");
  CHECK(where(*space, "/mnt/../etc") == "1:/etc");
  CHECK(where(*space, "/mnt/a/../b") == "2:/b");
  CHECK(where(*space, "/etc/../mnt/x") == "2:/x");
  CHECK(where(*space, "/mnt/../../..") == "1:/");
}

TEST_CASE("a copy is private: changes to either do not reach the other") {
  auto original = rooted();
  REQUIRE(original->mount(path("/tmp"), kTmp).ok());
  auto copy = std::make_unique<MountSpace>();
  REQUIRE(copy->copy_from(*original).ok());
  CHECK(listing(*copy) == listing(*original));

  REQUIRE(copy->mount(path("/mnt"), kDisk).ok());
  CHECK(where(*copy, "/mnt/f") == "4:/f");
  CHECK(where(*original, "/mnt/f") == "1:/mnt/f");

  REQUIRE(original->mount(path("/srv"), kOther).ok());
  CHECK(where(*original, "/srv") == "3:/");
  CHECK(where(*copy, "/srv") == "1:/srv");

  REQUIRE(copy->umount(path("/tmp")).ok());
  CHECK(where(*copy, "/tmp/f") == "1:/tmp/f");
  CHECK(where(*original, "/tmp/f") == "2:/f");
}

TEST_CASE("copy_from replaces the whole table") {
  auto a = rooted();
  auto b = rooted();
  REQUIRE(b->mount(path("/x"), kOther).ok());
  REQUIRE(b->mount(path("/y"), kOther).ok());
  REQUIRE(b->copy_from(*a).ok());
  CHECK(b->size() == 1);
  CHECK(where(*b, "/x") == "1:/x");
}

TEST_CASE("bind makes a path show what another resolves to") {
  auto space = rooted();
  REQUIRE(space->mount(path("/tmp"), kTmp).ok());
  REQUIRE(space->bind(path("/tmp/shared"), path("/home/me/shared")).ok());
  CHECK(where(*space, "/home/me/shared") == "2:/shared");
  CHECK(where(*space, "/home/me/shared/a/b") == "2:/shared/a/b");
  CHECK(where(*space, "/home/me/shared/..") == "1:/home/me");
  CHECK(where(*space, "/home/me") == "1:/home/me");
}

TEST_CASE("a bind keeps showing its file system after the source mount goes") {
  auto space = rooted();
  REQUIRE(space->mount(path("/tmp"), kTmp).ok());
  REQUIRE(space->bind(path("/tmp/d"), path("/b")).ok());
  REQUIRE(space->umount(path("/tmp")).ok());
  CHECK(where(*space, "/b/f") == "2:/d/f");
  CHECK(*space->umount(path("/b")) == kTmp);
  CHECK(where(*space, "/b/f") == "1:/b/f");
}

TEST_CASE("a bind of a mount's root is that whole mount") {
  auto space = rooted();
  REQUIRE(space->mount(path("/tmp"), kTmp).ok());
  REQUIRE(space->bind(path("/tmp"), path("/t2")).ok());
  CHECK(where(*space, "/t2/x") == "2:/x");
}

TEST_CASE("a bind whose root and rest pass PATH_MAX is NameTooLong") {
  auto space = rooted();
  std::string deep = "/" + std::string(250, 'a') + "/" + std::string(250, 'b') + "/" + std::string(250, 'c');
  REQUIRE(space->bind(path(deep), path("/d")).ok());
  CHECK(where(*space, "/d/" + std::string(250, 'e')) == "1:" + deep + "/" + std::string(250, 'e'));
  CHECK(where(*space, "/d/" + std::string(250, 'e') + "/" + std::string(250, 'f')) == "!NameTooLong");
}

TEST_CASE("mount points and mounts within a path are reported") {
  auto space = rooted();
  REQUIRE(space->mount(path("/mnt/disk"), kDisk).ok());
  CHECK(space->is_mount_point(path("/")));
  CHECK(space->is_mount_point(path("/mnt/disk")));
  CHECK_FALSE(space->is_mount_point(path("/mnt")));
  CHECK_FALSE(space->is_mount_point(path("/mnt/disk/x")));
  CHECK(space->has_mount_within(path("/mnt")));
  CHECK(space->has_mount_within(path("/mnt/disk")));
  CHECK_FALSE(space->has_mount_within(path("/mnt/diskette")));
  CHECK_FALSE(space->has_mount_within(path("/etc")));
}

TEST_CASE("newest_at finds the newest mount exactly at a point") {
  auto space = rooted();
  REQUIRE(space->mount(path("/mnt"), kTmp).ok());
  REQUIRE(space->mount(path("/mnt"), kOther).ok());
  REQUIRE(space->newest_at(path("/mnt")) != nullptr);
  CHECK(space->newest_at(path("/mnt"))->fs == kOther);
  REQUIRE(space->newest_at(path("/")) != nullptr);
  CHECK(space->newest_at(path("/"))->fs == kRoot);
  CHECK(space->newest_at(path("/mnt/x")) == nullptr);
  CHECK(space->newest_at(path("/etc")) == nullptr);
}

TEST_CASE("mounts are listed by index, oldest first") {
  auto space = rooted();
  REQUIRE(space->mount(path("/tmp"), kTmp).ok());
  REQUIRE(space->mount(path("/dev"), kOther).ok());
  REQUIRE(space->bind(path("/tmp/x"), path("/x")).ok());
  CHECK(listing(*space) == std::vector<std::string>{"/=1:/", "/tmp=2:/", "/dev=3:/", "/x=2:/x"});
  REQUIRE(space->umount(path("/tmp")).ok());
  CHECK(listing(*space) == std::vector<std::string>{"/=1:/", "/dev=3:/", "/x=2:/x"});
  CHECK(space->at(3) == nullptr);
}

TEST_CASE("a full table refuses more mounts with NoMemory") {
  auto space = rooted();
  for (size_t i = 1; i < MountSpace::kMaxMounts; ++i) REQUIRE(space->mount(path("/m" + std::to_string(i)), kTmp).ok());
  CHECK(space->mount(path("/one-more"), kTmp).error() == Error::NoMemory);
  CHECK(space->bind(path("/m1"), path("/b")).error() == Error::NoMemory);
  REQUIRE(space->umount(path("/m1")).ok());
  CHECK(space->mount(path("/one-more"), kTmp).ok());
}

TEST_CASE("a plain mount resolves to part of the path itself; below a bind, to a path made for it") {
  auto space = rooted();
  REQUIRE(space->mount(path("/tmp"), kTmp).ok());
  REQUIRE(space->bind(path("/tmp/d"), path("/b")).ok());
  Path opened = path("/tmp/x/y");
  vfs::Resolution plain;
  REQUIRE(space->resolve(opened, plain).ok());
  CHECK(plain.fs == kTmp);
  CHECK(plain.path == "x/y");
  CHECK(plain.path.data() == opened.c_str() + 5);  // no copy: every open takes this way
  Path bound = path("/b/z");
  vfs::Resolution below_bind;
  REQUIRE(space->resolve(bound, below_bind).ok());
  CHECK(below_bind.fs == kTmp);
  CHECK(below_bind.path == "d/z");
  CHECK(below_bind.path.data() == below_bind.joined.c_str() + 1);
  CHECK(below_bind.absolute()->view() == "/d/z");
}
