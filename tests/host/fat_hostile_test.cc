// fatfs against images that lie. Boot sectors whose numbers do not add up
// are refused at mount with a reason; cluster chains that loop or leave the
// volume and directories that contain themselves are IoError where they are
// met. Then a fuzz run: random mutations of the boot sector, the FATs and
// directory clusters of real mkfs.fat images, each mounted, walked, read
// and written — every one a clean mount or a clean error, never a crash or
// a hang (the sanitizers watch). FAT_FUZZ_IMAGES sets how many (`make
// fatfuzz` runs 10,000), FAT_FUZZ_SEED the seed.
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <random>
#include <vector>

#include "../../servers/fatfs/bpb.h"
#include "../../servers/fatfs/le.h"
#include "fat_image.h"

using namespace fattest;
using namespace fatfs;

namespace {

// An image in memory with the changes of one trial kept apart, so that
// undoing them is forgetting them.
class OverlayDevice final : public BlockDevice {
 public:
  explicit OverlayDevice(const std::string& base) : base_(base) {}
  uint32_t block_size() const override { return 512; }
  uint64_t block_count() const override { return base_.size() / 512; }
  bool read_only() const override { return false; }
  uint32_t max_blocks() const override { return 64; }
  Status read(uint64_t lba, uint32_t count, uint8_t* out) override {
    if (lba >= block_count() || count > block_count() - lba) return Error::OutOfRange;
    for (uint32_t i = 0; i < count; ++i) memcpy(out + i * 512, block(lba + i), 512);
    return {};
  }
  Status write(uint64_t lba, uint32_t count, const uint8_t* in) override {
    if (lba >= block_count() || count > block_count() - lba) return Error::OutOfRange;
    for (uint32_t i = 0; i < count; ++i) memcpy(mutable_block(lba + i), in + i * 512, 512);
    return {};
  }
  Status flush() override { return {}; }

  uint8_t* mutable_block(uint64_t lba) {
    auto it = overlay_.find(lba);
    if (it == overlay_.end()) it = overlay_.emplace(lba, std::string(base_, lba * 512, 512)).first;
    return reinterpret_cast<uint8_t*>(it->second.data());
  }
  void reset() { overlay_.clear(); }

 private:
  const uint8_t* block(uint64_t lba) const {
    auto it = overlay_.find(lba);
    return reinterpret_cast<const uint8_t*>(it != overlay_.end() ? it->second.data() : base_.data() + lba * 512);
  }
  const std::string& base_;
  std::map<uint64_t, std::string> overlay_;
};

struct Volume1 {
  explicit Volume1(BlockDevice& device) : cache(device, 64 * 1024), volume(cache, clock) { REQUIRE(cache.init().ok()); }
  Status mount() {
    const char* reason = nullptr;
    Status s = volume.mount(&reason);
    why = reason ? reason : "";
    return s;
  }
  FixedClock clock;
  BlockCache cache;
  Volume volume;
  std::string why;
};

// A small image made by the real tools: files, long names, subdirectories.
std::string make_base(int bits, int kib, const std::string& options) {
  TempDir tmp;
  std::string image = tmp / "base.img";
  mkfs(image, bits, kib, options);
  must("mmd -i " + quote(image) + " '::/sub dir' '::/sub dir/deeper' ::/EMPTY");
  write_host_file(tmp / "a", pattern(5000, 1));
  write_host_file(tmp / "b", "short\n");
  must("mcopy -i " + quote(image) + " " + quote(tmp / "a") + " '::/a long name.bin'");
  must("mcopy -i " + quote(image) + " " + quote(tmp / "b") + " ::/B.TXT");
  must("mcopy -i " + quote(image) + " " + quote(tmp / "a") + " '::/sub dir/inner file'");
  must("mcopy -i " + quote(image) + " " + quote(tmp / "b") + " '::/sub dir/deeper/x'");
  return read_host_file(image);
}

uint64_t fat_byte(const Geometry& g, uint32_t cluster) {
  uint64_t base = uint64_t(g.reserved_sectors) * g.bytes_per_sector;
  return g.type == FatType::Fat32 ? base + cluster * 4 : base + cluster * 2;  // FAT16/32 here
}

// The FAT entry of cluster in every copy.
void set_fat(OverlayDevice& d, const Geometry& g, uint32_t cluster, uint32_t value) {
  for (uint32_t f = 0; f < g.fat_count; ++f) {
    uint64_t at = fat_byte(g, cluster) + uint64_t(f) * g.fat_sectors * g.bytes_per_sector;
    uint8_t* p = d.mutable_block(at / 512) + at % 512;
    if (g.type == FatType::Fat32)
      put32(p, value);
    else
      put16(p, uint16_t(value));
  }
}

// The byte of the short entry called name11 in the directory at byte dir.
uint64_t find_entry(OverlayDevice& d, uint64_t dir, const char* name11) {
  for (uint64_t at = dir; at < dir + 4096; at += 32) {
    if (memcmp(d.mutable_block(at / 512) + at % 512, name11, 11) == 0) return at;
  }
  FAIL("no entry ", name11);
  return 0;
}

// Walks, reads and changes whatever the volume shows, within a budget: a
// hostile image may hold a directory graph far larger than its disk.
void exercise(Volume& v) {
  namespace flags = ipc::open_flags;
  uint32_t budget = 300;
  std::vector<std::string> dirs{""};
  std::vector<uint8_t> buffer(4096);
  for (size_t d = 0; d < dirs.size() && budget > 0; ++d) {
    auto node = v.open(dirs[d], flags::kReadOnly | flags::kDirectory);
    if (!node) continue;
    std::vector<std::pair<std::string, bool>> entries;
    for (uint32_t i = 0; i < 64 && budget > 0; ++i, --budget) {
      auto e = v.readdir(**node, i);
      if (!e) break;
      entries.push_back({std::string(e->name), e->kind == NodeKind::Directory});
    }
    (void)v.close(*node);
    for (auto& [name, is_dir] : entries) {
      std::string path = dirs[d].empty() ? name : dirs[d] + "/" + name;
      (void)v.stat(path);
      if (is_dir) {
        if (dirs.size() < 40) dirs.push_back(path);
        continue;
      }
      auto file = v.open(path, flags::kReadOnly);
      if (!file) continue;
      for (uint64_t off = 0; off < 64 * 1024; off += buffer.size()) {
        auto n = v.read(**file, off, buffer.data(), uint32_t(buffer.size()));
        if (!n || *n == 0) break;
      }
      (void)v.close(*file);
    }
  }
  // Changes: each may fail, none may crash.
  std::string data = pattern(3000, 5);
  (void)write_all(v, "new file.txt", data);
  (void)write_all(v, "sub dir/inner file", data);
  (void)v.mkdir("made");
  (void)v.rename("B.TXT", "made/moved");
  (void)v.unlink("a long name.bin");
  (void)v.rmdir("EMPTY");
  (void)v.rename("sub dir", "made/sub");
  (void)v.sync();
}

struct Base {
  int bits;
  std::string image;
};

std::vector<Base>& bases() {
  static std::vector<Base> all = {
      {12, make_base(12, 1024, "")},
      {16, make_base(16, 4096, "-s 1")},
      {32, make_base(32, 34000, "-s 1")},
  };
  return all;
}

}  // namespace

TEST_CASE("the real tools' images mount, and pass the exercise cleanly") {
  for (Base& base : bases()) {
    CAPTURE(base.bits);
    OverlayDevice d(base.image);
    Volume1 v(d);
    REQUIRE_MESSAGE(v.mount().ok(), v.why);
    CHECK(read_all(v.volume, "sub dir/inner file") == pattern(5000, 1));
    exercise(v.volume);
    CHECK(read_all(v.volume, "made/sub/inner file") == pattern(3000, 5));
  }
}

TEST_CASE("boot sectors whose numbers do not add up are refused with a reason") {
  const std::string& image = bases()[1].image;
  struct Case {
    const char* what;
    std::function<void(uint8_t*)> spoil;
  };
  const Case cases[] = {
      {"no signature", [](uint8_t* s) { s[510] = 0; }},
      {"sector size 0", [](uint8_t* s) { put16(s + 11, 0); }},
      {"sector size 768", [](uint8_t* s) { put16(s + 11, 768); }},
      {"sector size 8192", [](uint8_t* s) { put16(s + 11, 8192); }},
      {"cluster size 0", [](uint8_t* s) { s[13] = 0; }},
      {"cluster size 3", [](uint8_t* s) { s[13] = 3; }},
      {"no reserved sectors", [](uint8_t* s) { put16(s + 14, 0); }},
      {"no FATs", [](uint8_t* s) { s[16] = 0; }},
      {"FATs larger than the volume", [](uint8_t* s) { put16(s + 22, 0xFFFF); }},
      {"FAT too small for the clusters", [](uint8_t* s) { put16(s + 22, 1); }},
      {"volume larger than the disk", [](uint8_t* s) { put16(s + 19, 0), put32(s + 32, 1u << 30); }},
      {"root directory of odd size", [](uint8_t* s) { put16(s + 17, 17); }},
      {"FAT16 layout with no root", [](uint8_t* s) { put16(s + 17, 0); }},
      {"bad media byte", [](uint8_t* s) { s[21] = 0x12; }},
      {"not a jump", [](uint8_t* s) { s[0] = 0; }},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    OverlayDevice d(image);
    c.spoil(d.mutable_block(0));
    Volume1 v(d);
    CHECK(v.mount().error() == Error::Malformed);
    CHECK(!v.why.empty());
  }
  // And a FAT32 volume whose root cluster is outside the volume.
  OverlayDevice d(bases()[2].image);
  put32(d.mutable_block(0) + 44, 0x0FFFFFF0);
  Volume1 v(d);
  CHECK(v.mount().error() == Error::Malformed);
  CHECK(v.why == "root cluster out of range");
}

TEST_CASE("the FAT type is the cluster count's, at the specification's bounds; the label is not read") {
  // A FAT12/16 layout by hand: 512-byte sectors, one sector a cluster, one
  // reserved sector, two FATs of fat_sectors, a 512-slot root (32 sectors).
  auto layout = [](uint32_t clusters, uint32_t fat_sectors, const char* label) {
    std::vector<uint8_t> sector(512, 0);
    uint8_t* s = sector.data();
    s[0] = 0xEB, s[1] = 0x3C, s[2] = 0x90;
    put16(s + 11, 512);
    s[13] = 1;
    put16(s + 14, 1);
    s[16] = 2;
    put16(s + 17, 512);
    uint32_t total = 1 + 2 * fat_sectors + 32 + clusters;
    if (total < 0x10000)
      put16(s + 19, uint16_t(total));
    else
      put32(s + 32, total);
    s[21] = 0xF8;
    put16(s + 22, uint16_t(fat_sectors));
    s[38] = 0x29;
    memcpy(s + 54, label, 8);  // what the label says: never read
    s[510] = 0x55, s[511] = 0xAA;
    return std::make_pair(sector, uint64_t(total) * 512);
  };
  struct Case {
    uint32_t clusters, fat_sectors;
    const char* label;
    FatType type;
  };
  const Case cases[] = {
      {4084, 16, "FAT16   ", FatType::Fat12},
      {4085, 16, "FAT12   ", FatType::Fat16},
      {65524, 256, "FAT32   ", FatType::Fat16},
  };
  for (const Case& c : cases) {
    CAPTURE(c.clusters);
    auto [sector, bytes] = layout(c.clusters, c.fat_sectors, c.label);
    const char* reason = nullptr;
    auto g = parse_boot_sector(sector.data(), bytes, &reason);
    REQUIRE_MESSAGE(g.ok(), (reason ? reason : ""));
    CHECK(g->cluster_count == c.clusters);
    CHECK(g->type == c.type);
  }
  // 65525 clusters make FAT32, which this FAT16 layout is not.
  auto [sector, bytes] = layout(65525, 256, "FAT16   ");
  const char* reason = nullptr;
  CHECK(parse_boot_sector(sector.data(), bytes, &reason).error() == Error::Malformed);
  CHECK(reason != nullptr);
}

TEST_CASE("a cluster chain that loops or leaves the volume is IoError") {
  for (int which : {1, 2}) {
    Base& base = bases()[which];
    CAPTURE(base.bits);
    namespace flags = ipc::open_flags;
    {
      OverlayDevice d(base.image);
      Volume1 probe(d);
      REQUIRE(probe.mount().ok());
      Geometry g = probe.volume.geometry();
      uint64_t root = g.type == FatType::Fat32 ? g.cluster_byte(g.root_cluster) : g.sector_byte(g.first_root_sector);
      uint64_t entry = find_entry(d, root, "ALONGN~1BIN");
      uint32_t first = le16(d.mutable_block(entry / 512) + entry % 512 + 26);
      // A loop: the file's second cluster links back to its first.
      auto second = probe.volume.stat("a long name.bin");
      REQUIRE(second.ok());
      OverlayDevice looped(base.image);
      set_fat(looped, g, first + 1, first);
      Volume1 a(looped);
      REQUIRE(a.mount().ok());
      CHECK(a.volume.open("a long name.bin", flags::kReadOnly).error() == Error::IoError);
      // Nothing is changed on a chain that cannot be trusted.
      CHECK(a.volume.unlink("a long name.bin").error() == Error::IoError);
      CHECK(a.volume.rename("B.TXT", "a long name.bin").error() == Error::IoError);
      CHECK(a.volume.stat("B.TXT").ok());
      // A link out of the volume.
      OverlayDevice outside(base.image);
      set_fat(outside, g, first + 2, g.cluster_count + 10);
      Volume1 b(outside);
      REQUIRE(b.mount().ok());
      CHECK(b.volume.open("a long name.bin", flags::kReadOnly).error() == Error::IoError);
      // A first cluster out of the volume.
      OverlayDevice far(base.image);
      put16(far.mutable_block(entry / 512) + entry % 512 + 26, 0xFFF0);
      Volume1 c(far);
      REQUIRE(c.mount().ok());
      CHECK(c.volume.open("a long name.bin", flags::kReadOnly).error() == Error::IoError);
      // A directory's own chain that loops: bounded by the slot limit.
      uint64_t sub = find_entry(d, root, "SUBDIR~1   ");
      uint32_t sub_cluster = le16(d.mutable_block(sub / 512) + sub % 512 + 26);
      // Its free slots say "deleted", not "end", so a search goes on
      // through the chain and around the loop.
      OverlayDevice dir_loop(base.image);
      set_fat(dir_loop, g, sub_cluster, sub_cluster);
      uint64_t sub_byte = g.cluster_byte(sub_cluster);
      for (uint64_t at = sub_byte; at < sub_byte + g.cluster_bytes; at += 32) {
        uint8_t* slot = dir_loop.mutable_block(at / 512) + at % 512;
        if (slot[0] == 0) slot[0] = 0xE5;
      }
      Volume1 e(dir_loop);
      REQUIRE(e.mount().ok());
      CHECK(e.volume.stat("sub dir/nothing here").error() == Error::IoError);
      CHECK(e.volume.mkdir("sub dir/new").error() == Error::IoError);
    }
  }
}

TEST_CASE("a directory that contains itself is IoError, not a path without end") {
  Base& base = bases()[1];
  OverlayDevice d(base.image);
  Volume1 probe(d);
  REQUIRE(probe.mount().ok());
  Geometry g = probe.volume.geometry();
  uint64_t root = g.sector_byte(g.first_root_sector);
  uint64_t sub = find_entry(d, root, "SUBDIR~1   ");
  uint32_t sub_cluster = le16(d.mutable_block(sub / 512) + sub % 512 + 26);
  uint64_t deeper = find_entry(d, g.cluster_byte(sub_cluster), "DEEPER     ");
  // "sub dir/deeper" now names "sub dir" itself.
  put16(d.mutable_block(deeper / 512) + deeper % 512 + 26, uint16_t(sub_cluster));
  Volume1 v(d);
  REQUIRE(v.mount().ok());
  CHECK(v.volume.stat("sub dir/deeper").ok());                              // the entry is there...
  CHECK(v.volume.stat("sub dir/deeper/deeper").error() == Error::IoError);  // ...going through it is not
  CHECK(v.volume.open("sub dir/deeper", ipc::open_flags::kDirectory).error() == Error::IoError);
  CHECK(v.volume.rmdir("sub dir/deeper").error() == Error::IoError);
}

TEST_CASE("fuzz: mutated boot sectors, FATs and directories mount cleanly or fail cleanly") {
  uint32_t images = getenv("FAT_FUZZ_IMAGES") ? uint32_t(atoi(getenv("FAT_FUZZ_IMAGES"))) : 300;
  uint32_t seed = getenv("FAT_FUZZ_SEED") ? uint32_t(atoi(getenv("FAT_FUZZ_SEED"))) : 20261207;
  std::mt19937 random(seed);
  uint32_t mounted = 0, refused = 0;
  for (uint32_t i = 0; i < images; ++i) {
    Base& base = bases()[i % bases().size()];
    OverlayDevice d(base.image);
    Geometry g;
    {
      Volume1 probe(d);
      REQUIRE(probe.mount().ok());
      g = probe.volume.geometry();
    }
    // Regions worth hitting: the boot sector (and FSInfo), the FATs, the
    // root directory, the first data clusters (subdirectories live there).
    uint64_t fat_start = g.sector_byte(g.reserved_sectors);
    uint64_t fat_end = g.sector_byte(g.first_root_sector);
    uint64_t data = g.sector_byte(g.first_data_sector);
    struct Region {
      uint64_t from, to;
    } regions[] = {{0, 1024},
                   {fat_start, std::min<uint64_t>(fat_end, fat_start + 2048)},
                   {g.sector_byte(g.first_root_sector), data + 16 * g.cluster_bytes}};
    uint32_t mutations = 1 + random() % 12;
    for (uint32_t m = 0; m < mutations; ++m) {
      Region r = regions[random() % 3];
      uint64_t at = r.from + random() % (r.to - r.from);
      uint8_t* p = d.mutable_block(at / 512) + at % 512;
      switch (random() % 4) {
        case 0:
          *p = uint8_t(random());
          break;  // any byte
        case 1:
          *p ^= uint8_t(1u << (random() % 8));
          break;  // one bit
        case 2:
          *p = random() % 2 ? 0 : 0xFF;
          break;  // the extremes
        default:  // a plausible cluster number
          if (at % 512 <= 508) put32(p, random() % (g.cluster_count + 8));
      }
    }
    Volume1 v(d);
    Status s = v.mount();
    if (s) {
      ++mounted;
      exercise(v.volume);
    } else {
      ++refused;
      CHECK((s.error() == Error::Malformed || s.error() == Error::IoError));
    }
  }
  // Printed, not a MESSAGE (which doctest shows only with -s): the count
  // is the fuzz run's report (make fatfuzz, the test log).
  printf("fat fuzz: seed %u, %u images: %u mounted, %u refused\n", seed, images, mounted, refused);
  CHECK(mounted + refused == images);
}
