// fatfs against the real tools. Images made by mkfs.fat -F 12/16/32 and
// filled by mcopy/mmd (long and short names, deep directories, empty
// files, files of many clusters, fragmented files) read back byte-exact;
// images fatfs wrote (create, grow, truncate, rename, delete, mkdir,
// rmdir, fill to NoSpace) pass fsck.fat -n, and mdir/mtype show exactly
// the tree and bytes fatfs was given.
#include <map>

#include "fat_image.h"

using namespace fattest;
using fatfs::FatType;

namespace {

struct Kind {
  int bits;
  int kib;
  const char* mkfs_options;
  FatType type;
};

// Small clusters make files span many of them, and FAT32 needs 65525
// clusters, which 512-byte clusters reach at 33 MiB.
const Kind kKinds[] = {
    {12, 1900, "-s 1", FatType::Fat12},
    {16, 8192, "-s 2", FatType::Fat16},
    {32, 36000, "-s 1", FatType::Fat32},
};

// The tree fatfs reads or writes: path -> contents ("/" ends directories).
using Tree = std::map<std::string, std::string>;

Tree host_made_tree(uint32_t seed) {
  Tree t;
  t["/README.TXT"] = "short name, upper case\n";
  t["/lower.txt"] = "short name with NT lower-case flags\n";
  t["/A Long File Name With Spaces.text"] = pattern(3000, seed + 1);
  t["/empty"] = "";
  t["/Grüße aus Köln.txt"] = "UCS-2 in a long name\n";
  t["/big.bin"] = pattern(300 * 1024 + 17, seed + 2);
  t["/dir one/"] = "";
  t["/dir one/nested file.dat"] = pattern(1025, seed + 3);
  std::string deep;
  for (int i = 0; i < 12; ++i) {
    deep += "/level " + std::to_string(i);
    t[deep + "/"] = "";
  }
  t[deep + "/bottom.txt"] = "at the bottom\n";
  // Many entries: the directory spans clusters, aliases need ~N tails.
  t["/many/"] = "";
  for (int i = 0; i < 40; ++i)
    t["/many/a long name number " + std::to_string(i) + ".txt"] = pattern(i * 37, seed + 10 + i);
  return t;
}

void fill_with_mtools(const std::string& image, const Tree& tree, const TempDir& tmp) {
  for (auto& [path, data] : tree) {
    if (path.back() == '/') {
      must("mmd -i " + quote(image) + " " + quote("::" + path.substr(0, path.size() - 1)));
      continue;
    }
    write_host_file(tmp / "src", data);
    must("mcopy -i " + quote(image) + " " + quote(tmp / "src") + " " + quote("::" + path));
  }
}

void check_tree(fatfs::Volume& v, const Tree& tree) {
  std::set<std::string> want, have;
  for (auto& [path, data] : tree) want.insert(path);
  list_tree(v, "", have);
  CHECK(have == want);
  for (auto& [path, data] : tree) {
    if (path.back() == '/') continue;
    INFO(path);
    CHECK(read_all(v, path.substr(1)) == data);
    auto s = v.stat(path.substr(1));
    REQUIRE(s.ok());
    CHECK(s->size == data.size());
  }
}

void check_with_tools(const std::string& image, const Tree& tree, const TempDir& tmp) {
  Run fsck = run("fsck.fat -n " + quote(image));
  INFO(fsck.output);
  CHECK(fsck.status == 0);
  std::set<std::string> want;
  for (auto& [path, data] : tree) want.insert(path);
  CHECK(mdir_tree(image) == want);
  for (auto& [path, data] : tree) {
    if (path.back() == '/') continue;
    INFO(path);
    must("mtype -i " + quote(image) + " " + quote("::" + path) + " > " + quote(tmp / "out"));
    CHECK(read_host_file(tmp / "out") == data);
  }
}

}  // namespace

TEST_CASE("images mkfs.fat and mtools made read back byte-exact") {
  for (const Kind& kind : kKinds) {
    CAPTURE(kind.bits);
    TempDir tmp;
    std::string image = tmp / "disk.img";
    mkfs(image, kind.bits, kind.kib, kind.mkfs_options);
    Tree tree = host_made_tree(uint32_t(kind.bits));
    fill_with_mtools(image, tree, tmp);
    // Fragment: delete every other small file, then add a file that has to
    // fill the holes they left.
    for (int i = 0; i < 40; i += 2) {
      std::string path = "/many/a long name number " + std::to_string(i) + ".txt";
      must("mdel -i " + quote(image) + " " + quote("::" + path));
      tree.erase(path);
    }
    must("mdel -i " + quote(image) + " ::/big.bin");
    tree.erase("/big.bin");
    fill_with_mtools(image, {{"/fragmented.bin", pattern(200 * 1024 + 3, 99)}}, tmp);
    tree["/fragmented.bin"] = pattern(200 * 1024 + 3, 99);

    Mounted m(image);
    REQUIRE_MESSAGE(m.status.ok(), m.why);
    CHECK(m.volume.geometry().type == kind.type);
    check_tree(m.volume, tree);
    // An upper-case lookup finds a long name by its alias, as on Windows.
    CHECK(m.volume.stat("README.txt").ok());
    CHECK(m.volume.stat("LEVEL0~1").ok());
  }
}

TEST_CASE("images fatfs wrote pass fsck.fat and show the same tree in mtools") {
  for (const Kind& kind : kKinds) {
    CAPTURE(kind.bits);
    TempDir tmp;
    std::string image = tmp / "disk.img";
    mkfs(image, kind.bits, kind.kib, kind.mkfs_options);
    Tree tree;
    {
      Mounted m(image, 64 * 1024);  // small: blocks are evicted and written back mid-way
      REQUIRE_MESSAGE(m.status.ok(), m.why);
      fatfs::Volume& v = m.volume;
      REQUIRE(v.mkdir("docs").ok());
      REQUIRE(v.mkdir("docs/deeper still").ok());
      REQUIRE(v.mkdir("UPPER").ok());
      tree["/docs/"] = tree["/docs/deeper still/"] = tree["/UPPER/"] = "";
      for (int i = 0; i < 30; ++i) {
        std::string path = "docs/deeper still/Note number " + std::to_string(i) + ".md";
        REQUIRE(write_all(v, path, pattern(i * 301, i)).ok());
        tree["/" + path] = pattern(i * 301, i);
      }
      REQUIRE(write_all(v, "SHORT.TXT", "eight three\n").ok());
      tree["/SHORT.TXT"] = "eight three\n";
      REQUIRE(write_all(v, "empty file", "").ok());
      tree["/empty file"] = "";
      // Grow a file in several writes, one of them past its end (zeros between).
      std::string grown = pattern(10000, 7);
      REQUIRE(write_all(v, "grown.bin", grown).ok());
      auto node = v.open("grown.bin", flags::kReadWrite);
      REQUIRE(node.ok());
      std::string tail = pattern(4000, 8);
      REQUIRE(v.write(**node, 20000, reinterpret_cast<const uint8_t*>(tail.data()), 4000).ok());
      grown += std::string(10000, '\0') + tail;
      REQUIRE(v.truncate(**node, 30000).ok());
      grown += std::string(6000, '\0');
      CHECK(v.close(*node).ok());
      tree["/grown.bin"] = grown;
      // Shrink one.
      REQUIRE(write_all(v, "shrunk.bin", pattern(50000, 9)).ok());
      auto shrunk = v.open("shrunk.bin", flags::kReadWrite);
      REQUIRE(shrunk.ok());
      REQUIRE(v.truncate(**shrunk, 1234).ok());
      CHECK(v.close(*shrunk).ok());
      tree["/shrunk.bin"] = pattern(50000, 9).substr(0, 1234);
      // Renames: within a directory, across, over an existing file, a
      // directory with contents into another.
      REQUIRE(write_all(v, "old name.txt", "renamed\n").ok());
      REQUIRE(v.rename("old name.txt", "new name.txt").ok());
      tree["/new name.txt"] = "renamed\n";
      REQUIRE(v.rename("new name.txt", "UPPER/moved across.txt").ok());
      tree.erase("/new name.txt");
      tree["/UPPER/moved across.txt"] = "renamed\n";
      REQUIRE(write_all(v, "victim.txt", pattern(9000, 10)).ok());
      REQUIRE(write_all(v, "winner.txt", "the winner\n").ok());
      REQUIRE(v.rename("winner.txt", "victim.txt").ok());
      tree["/victim.txt"] = "the winner\n";
      REQUIRE(v.rename("docs/deeper still", "UPPER/deeper").ok());
      for (auto it = tree.begin(); it != tree.end();) {
        if (it->first.rfind("/docs/deeper still/", 0) == 0) {
          tree["/UPPER/deeper/" + it->first.substr(19)] = it->second;
          it = tree.erase(it);
        } else {
          ++it;
        }
      }
      // Delete a file and a directory.
      REQUIRE(write_all(v, "doomed", pattern(7000, 11)).ok());
      REQUIRE(v.unlink("doomed").ok());
      REQUIRE(v.mkdir("gone").ok());
      REQUIRE(v.rmdir("gone").ok());
      CHECK(v.rmdir("UPPER").error() == Error::NotEmpty);
      check_tree(v, tree);
      REQUIRE(v.sync().ok());
    }
    check_with_tools(image, tree, tmp);
    // And fatfs reads back what it wrote, from the disk this time.
    Mounted again(image);
    REQUIRE(again.status.ok());
    check_tree(again.volume, tree);
  }
}

TEST_CASE("a volume filled to NoSpace keeps what it said it wrote, and passes fsck.fat") {
  // FAT32 runs the same code; filling its 36 MB would only take longer.
  const Kind small[] = {{12, 1024, "", FatType::Fat12}, {16, 2200, "-s 1", FatType::Fat16}};
  for (const Kind& kind : small) {
    CAPTURE(kind.bits);
    TempDir tmp;
    std::string image = tmp / "disk.img";
    mkfs(image, kind.bits, kind.kib, kind.mkfs_options);
    Tree tree;
    {
      Mounted m(image);
      REQUIRE(m.status.ok());
      fatfs::Volume& v = m.volume;
      std::string data = pattern(4 * 1024 * 1024, 3);
      auto node = v.open("filler", flags::kWriteOnly | flags::kCreate);
      REQUIRE(node.ok());
      uint64_t written = 0;
      for (;;) {
        auto n = v.write(**node, written, reinterpret_cast<const uint8_t*>(data.data() + written), 65536);
        if (!n) {
          CHECK(n.error() == Error::NoSpace);
          break;
        }
        written += *n;
      }
      CHECK(v.close(*node).ok());
      CHECK(v.space().free == 0);
      CHECK(written > uint64_t(kind.kib) * 1024 * 8 / 10);
      tree["/filler"] = data.substr(0, written);
      // A new file can be made (an entry needs no cluster), but not filled.
      CHECK(write_all(v, "more", "x").error() == Error::NoSpace);
      CHECK(v.mkdir("no room").error() == Error::NoSpace);
      tree["/more"] = "";
      REQUIRE(v.sync().ok());
    }
    check_with_tools(image, tree, tmp);
  }
}

TEST_CASE("FAT32 keeps FSInfo's free count and next-free hint right") {
  TempDir tmp;
  std::string image = tmp / "disk.img";
  mkfs(image, 32, 36000, "-s 1");
  uint32_t free_before;
  {
    Mounted m(image);
    REQUIRE(m.status.ok());
    free_before = m.volume.space().free;
    REQUIRE(write_all(m.volume, "a", pattern(100000, 1)).ok());
    REQUIRE(m.volume.sync().ok());
    CHECK(m.volume.space().free == free_before - 196);  // 100000 bytes in 512-byte clusters
  }
  std::string bytes = read_host_file(image);
  const uint8_t* info = reinterpret_cast<const uint8_t*>(bytes.data()) + 512;
  uint32_t free_count = info[488] | info[489] << 8 | info[490] << 16 | uint32_t(info[491]) << 24;
  CHECK(free_count == free_before - 196);
  Run fsck = run("fsck.fat -n " + quote(image));
  INFO(fsck.output);
  CHECK(fsck.status == 0);
  CHECK(fsck.output.find("Free cluster summary") == std::string::npos);
}

TEST_CASE("both FAT copies are written") {
  TempDir tmp;
  std::string image = tmp / "disk.img";
  mkfs(image, 16, 8192, "-s 2");
  {
    Mounted m(image);
    REQUIRE(m.status.ok());
    REQUIRE(write_all(m.volume, "file", pattern(50000, 1)).ok());
    REQUIRE(m.volume.sync().ok());
  }
  std::string bytes = read_host_file(image);
  const fatfs::Geometry g = Mounted(image).volume.geometry();
  size_t fat_bytes = size_t(g.fat_sectors) * g.bytes_per_sector;
  size_t first = size_t(g.reserved_sectors) * g.bytes_per_sector;
  CHECK(bytes.compare(first, fat_bytes, bytes, first + fat_bytes, fat_bytes) == 0);
  CHECK(bytes.substr(first + 4, 8) != std::string(8, '\0'));  // the file's chain is there
}
