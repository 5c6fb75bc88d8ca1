// The crash-ordering argument (docs/storage.md), checked: fatfs runs a
// workload on a small cache (so blocks are evicted and written back in
// the middle of operations) over a disk that stops after every single
// block it writes, and at each of those moments fsck.fat -n looks at the
// image as a crash would leave it. It may find lost clusters and chains
// longer than their file (clusters allocated before the entry grew); it
// must never find clusters shared by two files, an entry that points at a
// free cluster, or a chain shorter than its file's size.
#include <algorithm>
#include <cstring>
#include <vector>

#include "fat_image.h"

using namespace fattest;

namespace {

// Writes one block at a time, and after each asks fsck.fat what a crash
// right there would leave.
class CrashPoints final : public fatfs::BlockDevice {
 public:
  CrashPoints(fatfs::FileBlockDevice& disk, std::string image) : disk_(disk), image_(std::move(image)) {}
  uint32_t block_size() const override { return disk_.block_size(); }
  uint64_t block_count() const override { return disk_.block_count(); }
  bool read_only() const override { return false; }
  uint32_t max_blocks() const override { return disk_.max_blocks(); }
  Status read(uint64_t lba, uint32_t count, uint8_t* data) override { return disk_.read(lba, count, data); }
  Status write(uint64_t lba, uint32_t count, const uint8_t* data) override {
    for (uint32_t i = 0; i < count; ++i) {
      TRY(disk_.write(lba + i, 1, data + size_t(i) * block_size()));
      check();
    }
    return {};
  }
  Status flush() override { return disk_.flush(); }
  uint32_t points = 0;
  // A file that, wherever it has its name, must hold one of these.
  std::string kept_name;
  std::vector<std::string> kept_data;

 private:
  void check() {
    ++points;
    if (!kept_name.empty()) {
      Run type = run("mtype -i " + quote(image_) + " ::" + kept_name);
      INFO("crash point ", points, ": ", kept_name, " holds another file's data");
      if (type.status == 0) CHECK(std::find(kept_data.begin(), kept_data.end(), type.output) != kept_data.end());
    }
    Run fsck = run("fsck.fat -n " + quote(image_));
    INFO("crash point ", points, ":\n", fsck.output);
    CHECK(fsck.output.find("share clusters") == std::string::npos);
    CHECK(fsck.output.find("free cluster") == std::string::npos);
    CHECK(fsck.output.find("bad cluster") == std::string::npos);
    // "File size is N bytes, cluster chain length is M bytes": only ever
    // with a longer chain ("is > M").
    size_t at = fsck.output.find("cluster chain length is ");
    if (at != std::string::npos) CHECK(fsck.output.compare(at + 24, 1, ">") == 0);
    CHECK(fsck.status <= 1);  // 1: errors found (lost clusters); more: fsck could not run
  }
  fatfs::FileBlockDevice& disk_;
  std::string image_;
};

}  // namespace

TEST_CASE("a crash after any block leaves at worst lost clusters") {
  TempDir tmp;
  std::string image = tmp / "disk.img";
  mkfs(image, 16, 2200, "-s 1");
  fatfs::FileBlockDevice disk(image.c_str());
  REQUIRE(disk.ok());
  CrashPoints device(disk, image);
  fatfs::BlockCache cache(device, 16 * 512);  // the minimum: eviction all the time
  REQUIRE(cache.init().ok());
  FixedClock clock;
  fatfs::Volume v(cache, clock);
  const char* reason;
  REQUIRE(v.mount(&reason).ok());
  REQUIRE(v.mkdir("dir").ok());
  REQUIRE(write_all(v, "dir/first file.txt", pattern(3000, 1), 700).ok());
  REQUIRE(write_all(v, "SECOND.TXT", pattern(1500, 2), 1500).ok());
  REQUIRE(v.rename("SECOND.TXT", "dir/first file.txt").ok());  // replaces: entry first, then the free
  REQUIRE(write_all(v, "third", pattern(2500, 3), 900).ok());
  auto node = v.open("third", flags::kReadWrite);
  REQUIRE(node.ok());
  REQUIRE(v.truncate(**node, 600).ok());
  REQUIRE(v.truncate(**node, 2000).ok());
  CHECK(v.close(*node).ok());
  REQUIRE(v.unlink("third").ok());
  REQUIRE(v.rename("dir", "moved dir").ok());
  REQUIRE(v.sync().ok());
  // Removals whose entry and FAT blocks are both written by one sync: the
  // FAT comes first on the disk, the entry must still go first.
  REQUIRE(write_all(v, "fourth", pattern(4000, 4), 4000).ok());
  REQUIRE(v.sync().ok());
  REQUIRE(v.unlink("fourth").ok());
  REQUIRE(v.sync().ok());
  REQUIRE(write_all(v, "fifth", pattern(4000, 5), 4000).ok());
  REQUIRE(v.sync().ok());
  auto fifth = v.open("fifth", flags::kReadWrite);
  REQUIRE(fifth.ok());
  REQUIRE(v.truncate(**fifth, 100).ok());
  CHECK(v.close(*fifth).ok());
  REQUIRE(v.sync().ok());
  // Long writes go straight to the disk (BlockCache::write_blocks), here
  // into the clusters an unlink has just freed: until the unlink is on the
  // disk the freed file keeps its own bytes.
  REQUIRE(write_all(v, "sixth", pattern(40000, 6), 40000).ok());
  REQUIRE(v.sync().ok());
  device.kept_name = "sixth", device.kept_data = {pattern(40000, 6)};
  REQUIRE(v.unlink("sixth").ok());
  REQUIRE(write_all(v, "seventh", pattern(40000, 7), 40000).ok());
  REQUIRE(v.sync().ok());
  CHECK(read_all(v, "seventh") == pattern(40000, 7));
  // Cut to nothing and written again in one epoch: the new bytes land in
  // the clusters the cut freed, and must wait for the entry that no longer
  // points at them. The file is its old self, empty, or its new self.
  device.kept_name = "seventh", device.kept_data = {pattern(40000, 7), "", pattern(40000, 8)};
  auto again = v.open("seventh", flags::kReadWrite);
  REQUIRE(again.ok());
  REQUIRE(v.truncate(**again, 0).ok());
  std::string eighth = pattern(40000, 8);
  REQUIRE(v.write(**again, 0, reinterpret_cast<const uint8_t*>(eighth.data()), 40000).ok());
  CHECK(v.close(*again).ok());
  REQUIRE(v.sync().ok());
  CHECK(read_all(v, "seventh") == eighth);
  CHECK(cache.counters().device_writes > 0);
  MESSAGE(device.points, " crash points checked");
  CHECK(device.points > 20);
  Run fsck = run("fsck.fat -n " + quote(image));
  INFO(fsck.output);
  CHECK(fsck.status == 0);
}
