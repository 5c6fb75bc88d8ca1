// Host tests of the volume's semantics (servers/fatfs/volume.h) that the
// tool round trips do not pin down: each operation's errors, open files
// that outlive their names, opens of one file seeing each other's writes,
// aliases with ~N tails as the tools show them, and a read-only disk.
#include <cstring>
#include <vector>

#include "fat_image.h"
#include "ipc/attribute_bits.h"

using namespace fattest;

namespace {

struct Fresh {
  Fresh() : image(tmp / "disk.img") { mkfs(image, 16, 4096, "-s 1"); }
  TempDir tmp;
  std::string image;
};

}  // namespace

TEST_CASE("each operation's errors") {
  Fresh f;
  Mounted m(f.image);
  REQUIRE(m.status.ok());
  fatfs::Volume& v = m.volume;
  REQUIRE(v.mkdir("d").ok());
  REQUIRE(write_all(v, "d/file", "x").ok());
  CHECK(v.open("missing", flags::kReadOnly).error() == Error::NotFound);
  CHECK(v.open("d/file/below", flags::kReadOnly).error() == Error::NotDirectory);
  CHECK(v.open("d", flags::kWriteOnly).error() == Error::IsDirectory);
  CHECK(v.open("d/file", flags::kReadOnly | flags::kDirectory).error() == Error::NotDirectory);
  CHECK(v.open("d/file", flags::kCreate | flags::kExclusive | flags::kWriteOnly).error() == Error::AlreadyExists);
  CHECK(v.open("d/x", 3).error() == Error::InvalidArgument);
  CHECK(v.open("bad:name", flags::kCreate | flags::kWriteOnly).error() == Error::InvalidArgument);
  CHECK(v.open(std::string(256, 'n'), flags::kCreate | flags::kWriteOnly).error() == Error::NameTooLong);
  CHECK(v.mkdir("d").error() == Error::AlreadyExists);
  CHECK(v.mkdir("no/such").error() == Error::NotFound);
  CHECK(v.rmdir("d").error() == Error::NotEmpty);
  CHECK(v.rmdir("d/file").error() == Error::NotDirectory);
  CHECK(v.rmdir("").error() == Error::Busy);
  CHECK(v.unlink("d").error() == Error::IsDirectory);
  CHECK(v.unlink("d/nothing").error() == Error::NotFound);
  CHECK(v.rename("d", "d/inside").error() == Error::InvalidArgument);
  CHECK(v.rename("d/file", "d").error() == Error::IsDirectory);
  REQUIRE(v.mkdir("e").ok());
  CHECK(v.rename("e", "d/file").error() == Error::NotDirectory);
  REQUIRE(v.mkdir("full").ok());
  REQUIRE(write_all(v, "full/x", "x").ok());
  CHECK(v.rename("e", "full").error() == Error::NotEmpty);
  REQUIRE(v.mkdir("empty").ok());
  CHECK(v.rename("e", "empty").ok());  // over an empty directory
  CHECK(v.stat("e").error() == Error::NotFound);
  CHECK(v.rename("missing", "x").error() == Error::NotFound);
  auto dir = v.open("d", flags::kReadOnly);
  REQUIRE(dir.ok());
  uint8_t b[4];
  CHECK(v.read(**dir, 0, b, 4).error() == Error::IsDirectory);
  CHECK(v.truncate(**dir, 0).error() == Error::IsDirectory);
  CHECK(v.close(*dir).ok());
  auto file = v.open("d/file", flags::kReadWrite);
  REQUIRE(file.ok());
  CHECK(v.readdir(**file, 0).error() == Error::NotDirectory);
  CHECK(v.write(**file, fatfs::kMaxFileSize, b, 1).error() == Error::TooLarge);
  CHECK(v.truncate(**file, fatfs::kMaxFileSize + 1).error() == Error::TooLarge);
  CHECK(v.close(*file).ok());
  // Names are found without regard to case, and rename may change only case.
  CHECK(v.stat("D/FILE").ok());
  REQUIRE(v.rename("d/file", "d/File").ok());
  std::set<std::string> tree;
  list_tree(v, "d", tree);
  CHECK(tree == std::set<std::string>{"/d/File"});
}

TEST_CASE("an open file outlives its name; opens of one file share it") {
  Fresh f;
  uint32_t free_at_start;
  {
    Mounted m(f.image);
    REQUIRE(m.status.ok());
    fatfs::Volume& v = m.volume;
    free_at_start = v.space().free;
    REQUIRE(write_all(v, "kept open", pattern(20000, 1)).ok());
    auto a = v.open("kept open", flags::kReadWrite);
    auto b = v.open("kept open", flags::kReadOnly);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(*a == *b);
    REQUIRE(v.write(**a, 20000, reinterpret_cast<const uint8_t*>("more"), 4).ok());
    CHECK(v.stat(**b).size == 20004);
    REQUIRE(v.unlink("kept open").ok());
    CHECK(v.stat("kept open").error() == Error::NotFound);
    CHECK(v.space().free < free_at_start);  // still held
    uint8_t out[4];
    REQUIRE(v.read(**b, 20000, out, 4).ok());
    CHECK(memcmp(out, "more", 4) == 0);
    // A new file of the same name is another file.
    REQUIRE(write_all(v, "kept open", "new").ok());
    CHECK(read_all(v, "kept open") == "new");
    CHECK(v.close(*a).ok());
    CHECK(v.close(*b).ok());
    REQUIRE(v.unlink("kept open").ok());
    CHECK(v.space().free == free_at_start);
    // Rename over a file that is open: the open file keeps its data.
    REQUIRE(write_all(v, "target", "old contents").ok());
    REQUIRE(write_all(v, "source", "new contents").ok());
    auto t = v.open("target", flags::kReadOnly);
    REQUIRE(t.ok());
    REQUIRE(v.rename("source", "target").ok());
    uint8_t old[12];
    REQUIRE(v.read(**t, 0, old, 12).ok());
    CHECK(std::string(reinterpret_cast<char*>(old), 12) == "old contents");
    CHECK(read_all(v, "target") == "new contents");
    CHECK(v.close(*t).ok());
    // A renamed open file writes to its new entry.
    auto s = v.open("target", flags::kReadWrite);
    REQUIRE(s.ok());
    REQUIRE(v.mkdir("sub").ok());
    REQUIRE(v.rename("target", "sub/renamed while open").ok());
    REQUIRE(v.write(**s, 12, reinterpret_cast<const uint8_t*>("!"), 1).ok());
    CHECK(v.close(*s).ok());
    CHECK(read_all(v, "sub/renamed while open") == "new contents!");
    REQUIRE(v.sync().ok());
  }
  Run fsck = run("fsck.fat -n " + quote(f.image));
  INFO(fsck.output);
  CHECK(fsck.status == 0);
}

TEST_CASE("aliases get ~N tails the tools agree with") {
  Fresh f;
  {
    Mounted m(f.image);
    REQUIRE(m.status.ok());
    for (int i = 0; i < 12; ++i) REQUIRE(write_all(m.volume, "Long file name " + std::to_string(i) + ".txt", "x").ok());
    REQUIRE(write_all(m.volume, "readme.txt", "lower case 8.3").ok());
    REQUIRE(m.volume.sync().ok());
  }
  Run dir = run("mdir -i " + quote(f.image) + " ::");
  INFO(dir.output);
  // The basis is cut so that basis and tail fit in eight characters.
  for (int i = 1; i <= 12; ++i) {
    std::string alias = (i < 10 ? "LONGFI~" : "LONGF~") + std::to_string(i) + " TXT";
    CHECK(dir.output.find(alias) != std::string::npos);
  }
  CHECK(dir.output.find("2023-11-14  22:13") != std::string::npos);  // the clock's time
  CHECK(dir.output.find("README   TXT") != std::string::npos);       // no tail: only the case differed
  CHECK(dir.output.find("readme.txt") != std::string::npos);
  CHECK(run("fsck.fat -n " + quote(f.image)).status == 0);
}

TEST_CASE("a read-only disk mounts, reads, and refuses changes with ReadOnly") {
  Fresh f;
  write_host_file(f.tmp / "src", "on a read-only disk\n");
  must("mcopy -i " + quote(f.image) + " " + quote(f.tmp / "src") + " ::/note");
  fatfs::FileBlockDevice device(f.image.c_str(), true);
  fatfs::BlockCache cache(device, 64 * 1024);
  REQUIRE(cache.init().ok());
  FixedClock clock;
  fatfs::Volume v(cache, clock);
  const char* reason;
  REQUIRE(v.mount(&reason).ok());
  CHECK(read_all(v, "note") == "on a read-only disk\n");
  CHECK(v.mkdir("x").error() == Error::ReadOnly);
  CHECK(write_all(v, "note", "y").error() == Error::ReadOnly);
  CHECK(v.unlink("note").error() == Error::ReadOnly);
  auto note = v.open("note", flags::kReadOnly);
  REQUIRE(note.ok());
  CHECK(v.set_attributes(**note, {ipc::attribute_bits::kMode, 0444, 0, 0}).error() == Error::ReadOnly);
  REQUIRE(v.close(*note).ok());
  CHECK(v.sync().ok());
  CHECK(read_all(v, "note") == "on a read-only disk\n");
}

TEST_CASE("a volume of 8.3 names only: read as it is, and kept free of LFN slots") {
  Fresh f;
  write_host_file(f.tmp / "src", "eight three\n");
  must("mmd -i " + quote(f.image) + " ::/SUBDIR");
  must("mcopy -i " + quote(f.image) + " " + quote(f.tmp / "src") + " ::/SUBDIR/FILE.TXT");
  must("mcopy -i " + quote(f.image) + " " + quote(f.tmp / "src") + " ::/NOEXT");
  {
    Mounted m(f.image);
    REQUIRE(m.status.ok());
    std::set<std::string> tree;
    list_tree(m.volume, "", tree);
    CHECK(tree == std::set<std::string>{"/NOEXT", "/SUBDIR/", "/SUBDIR/FILE.TXT"});
    CHECK(read_all(m.volume, "SUBDIR/FILE.TXT") == "eight three\n");
    REQUIRE(write_all(m.volume, "NEW.TXT", "new\n").ok());
    REQUIRE(m.volume.mkdir("NEWDIR").ok());
    REQUIRE(m.volume.rename("NOEXT", "SUBDIR/MOVED").ok());
    REQUIRE(m.volume.sync().ok());
  }
  // Upper-case 8.3 names need no long name: the root holds no LFN slot.
  Mounted m(f.image);
  const fatfs::Geometry& g = m.volume.geometry();
  std::string bytes = read_host_file(f.image);
  size_t root = g.sector_byte(g.first_root_sector);
  for (size_t at = root; at < root + g.root_entries * 32 && bytes[at] != 0; at += 32) {
    CHECK((uint8_t(bytes[at + 11]) & 0x3F) != 0x0F);
  }
  CHECK(mdir_tree(f.image) ==
        std::set<std::string>{"/NEW.TXT", "/NEWDIR/", "/SUBDIR/", "/SUBDIR/FILE.TXT", "/SUBDIR/MOVED"});
  CHECK(run("fsck.fat -n " + quote(f.image)).status == 0);
}

TEST_CASE("writes wait in the cache; a failing disk is IoError, not a crash") {
  Fresh f;
  Mounted m(f.image, 1024 * 1024);
  REQUIRE(m.status.ok());
  auto node = m.volume.open("cached", flags::kWriteOnly | flags::kCreate);
  REQUIRE(node.ok());
  std::string data = pattern(100000, 1);
  for (uint32_t at = 0; at < data.size(); at += 10000)
    REQUIRE(m.volume.write(**node, at, reinterpret_cast<const uint8_t*>(data.data() + at), 10000).ok());
  CHECK(m.device.writes() == 0);  // ten writes, all still in the cache
  // Closing writes the entry after what it points at: the blocks ordered
  // before it go out, adjacent ones together.
  REQUIRE(m.volume.close(*node).ok());
  CHECK(m.device.writes() > 0);
  CHECK(m.device.writes() < 100000 / 512 / 8);
  REQUIRE(m.volume.sync().ok());
  REQUIRE(write_all(m.volume, "second", pattern(5000, 2)).ok());
  m.device.fail_writes();
  CHECK(m.volume.sync().error() == Error::IoError);
  // What the cache holds still reads back; a later sync reports again.
  CHECK(read_all(m.volume, "second") == pattern(5000, 2));
  CHECK(m.volume.sync().error() == Error::IoError);
}

TEST_CASE("a long write that the disk fails is IoError, and gives back the clusters it took") {
  Fresh f;
  uint32_t free_before;
  {
    Mounted m(f.image, 1024 * 1024);
    REQUIRE(m.status.ok());
    REQUIRE(write_all(m.volume, "kept", pattern(3000, 1)).ok());
    REQUIRE(m.volume.sync().ok());
    free_before = m.volume.space().free;
    auto node = m.volume.open("kept", flags::kWriteOnly);
    REQUIRE(node.ok());
    // 64 KiB at the end: a direct run, written at once, into new clusters.
    std::string more = pattern(65536, 2);
    m.device.fail_writes();
    CHECK(m.volume.write(**node, 3000, reinterpret_cast<const uint8_t*>(more.data()), 65536).error() ==
          Error::IoError);
    CHECK(m.volume.space().free == free_before);
    CHECK(m.volume.stat(**node).size == 3000);
    // The disk works again: what reaches it now is the file as it was.
    m.device.fail_writes(false);
    CHECK(m.volume.close(*node).ok());
    REQUIRE(m.volume.sync().ok());
  }
  // Nothing for fsck to find (a chain longer than its file, had the
  // clusters stayed).
  CHECK(run("fsck.fat -n " + quote(f.image)).status == 0);
  Mounted again(f.image);
  REQUIRE(again.status.ok());
  CHECK(read_all(again.volume, "kept") == pattern(3000, 1));
  CHECK(again.volume.space().free == free_before);
}

TEST_CASE("readdir goes on where it left off, and starts over when the directory changed") {
  Fresh f;
  Mounted m(f.image);
  REQUIRE(m.status.ok());
  fatfs::Volume& v = m.volume;
  REQUIRE(v.mkdir("big").ok());
  for (int i = 0; i < 300; ++i) REQUIRE(write_all(v, "big/entry number " + std::to_string(i), "").ok());
  auto dir = v.open("big", flags::kReadOnly | flags::kDirectory);
  REQUIRE(dir.ok());
  std::vector<std::string> names;
  for (uint32_t i = 0;; ++i) {
    auto e = v.readdir(**dir, i);
    if (!e) {
      CHECK(e.error() == Error::OutOfRange);
      break;
    }
    names.push_back(std::string(e->name));
  }
  REQUIRE(names.size() == 300);
  for (int i = 0; i < 300; ++i) CHECK(names[i] == "entry number " + std::to_string(i));
  // Going back works, and a change in between is seen.
  CHECK(std::string(v.readdir(**dir, 5)->name) == "entry number 5");
  REQUIRE(v.unlink("big/entry number 3").ok());
  CHECK(std::string(v.readdir(**dir, 5)->name) == "entry number 6");
  CHECK(std::string(v.readdir(**dir, 6)->name) == "entry number 7");
  REQUIRE(v.close(*dir).ok());
}

TEST_CASE("chmod and utimensat: the read-only attribute and the entry's dates, as the tools show them") {
  Fresh f;
  namespace bits = ipc::attribute_bits;
  constexpr int64_t kSecond = 1000000000;
  constexpr int64_t kWritten = 1704164646;  // 2024-01-02 03:04:06 UTC
  constexpr int64_t kRead = 1709251200;     // 2024-03-01 00:00:00 UTC
  {
    Mounted m(f.image);
    REQUIRE(m.status.ok());
    REQUIRE(write_all(m.volume, "note", "kept").ok());
    auto node = m.volume.open("note", flags::kReadOnly);
    REQUIRE(node.ok());
    // What writes stamped: the clock's time, to FAT's two seconds.
    CHECK(m.volume.stat(**node).mtime == 1700000000 * kSecond);
    CHECK(m.volume.stat(**node).mode == 0644);
    server::Attributes a{bits::kMode | bits::kMtime | bits::kAtime, 0444, (kRead + 3600) * kSecond,
                         (kWritten + 1) * kSecond};
    REQUIRE(m.volume.set_attributes(**node, a).ok());
    REQUIRE(m.volume.close(*node).ok());
    REQUIRE(m.volume.sync().ok());
    auto root = m.volume.open("", flags::kReadOnly);
    REQUIRE(root.ok());
    CHECK(m.volume.set_attributes(**root, a).error() == Error::AccessDenied);
    REQUIRE(m.volume.close(*root).ok());
  }
  CHECK(run("mattrib -i " + quote(f.image) + " ::/note").output.find("R") != std::string::npos);
  CHECK(run("mdir -i " + quote(f.image) + " ::/note").output.find("2024-01-02   3:04") != std::string::npos);
  must("fsck.fat -n " + quote(f.image));
  Mounted again(f.image);
  REQUIRE(again.status.ok());
  auto s = again.volume.stat("note");
  REQUIRE(s.ok());
  CHECK(s->mode == 0444);
  CHECK(s->mtime == kWritten * kSecond);  // 2-second steps: the odd second goes
  CHECK(s->atime == kRead * kSecond);     // a date, no time of day
  auto node = again.volume.open("note", flags::kReadOnly);
  REQUIRE(node.ok());
  REQUIRE(again.volume.set_attributes(**node, {bits::kMode, 0600, 0, 0}).ok());
  CHECK(again.volume.stat(**node).mode == 0644);  // any write bit: not read-only
  REQUIRE(again.volume.close(*node).ok());
}

TEST_CASE("a name found before is found again without a scan, and every change to the directory is seen") {
  Fresh f;
  Mounted m(f.image);
  REQUIRE(m.status.ok());
  fatfs::Volume& v = m.volume;
  REQUIRE(v.mkdir("many").ok());
  for (int i = 0; i < 200; ++i) REQUIRE(write_all(v, "many/file " + std::to_string(i), std::to_string(i)).ok());
  auto cache_calls = [&] { return m.cache.counters().hits + m.cache.counters().misses; };
  // The first stat after a change scans the directory; the next one
  // reads only the entry (a few slots), not 150 entries before it.
  uint64_t before = cache_calls();
  REQUIRE(v.stat("many/file 150").ok());
  uint64_t scan = cache_calls() - before;
  before = cache_calls();
  REQUIRE(v.stat("MANY/FILE 150").ok());  // the same name to FAT
  uint64_t again = cache_calls() - before;
  CHECK(scan > 300);
  CHECK(again < 20);
  // A removed name is gone, and its slots reused by another name do not
  // answer for it.
  REQUIRE(v.unlink("many/file 150").ok());
  CHECK(v.stat("many/file 150").error() == Error::NotFound);
  REQUIRE(write_all(v, "many/other", "new").ok());
  CHECK(v.stat("many/file 150").error() == Error::NotFound);
  CHECK(read_all(v, "many/other") == "new");
  // Renamed away and back, each name reads its own file.
  REQUIRE(v.stat("many/file 20").ok());
  REQUIRE(v.rename("many/file 20", "many/moved").ok());
  CHECK(v.stat("many/file 20").error() == Error::NotFound);
  CHECK(read_all(v, "many/moved") == "20");
  REQUIRE(v.rename("many/file 21", "many/file 20").ok());
  CHECK(read_all(v, "many/file 20") == "21");
  for (int i = 22; i < 200; i += 17) CHECK(read_all(v, "many/file " + std::to_string(i)) == std::to_string(i));
}

// FatTable::consecutive, the run finder under every long read and write:
// where a chain jumps, across a FAT block, and at the volume's last cluster.
TEST_CASE("runs of consecutive clusters end where the chain jumps or the volume does") {
  for (int bits : {16, 32}) {
    CAPTURE(bits);
    TempDir tmp;
    std::string image = tmp / "runs.img";
    mkfs(image, bits, bits == 32 ? 36000 : 4096, "-s 1");
    Mounted m(image);
    REQUIRE(m.status.ok());
    fatfs::Disk disk(m.cache);
    const fatfs::Geometry& g = m.volume.geometry();
    fatfs::FatTable fat(disk, g);
    // 300..519 in one run, across FAT blocks (256 or 128 entries each), then a jump.
    for (uint32_t c = 300; c < 519; ++c) REQUIRE(fat.set(c, c + 1).ok());
    REQUIRE(fat.set(519, 700).ok());
    CHECK(fat.consecutive(300, 500).value() == 219);
    CHECK(fat.consecutive(300, 100).value() == 100);
    CHECK(fat.consecutive(450, 1000).value() == 69);
    CHECK(fat.consecutive(519, 10).value() == 0);
    // The last clusters: a run stops at the end of the volume, and a link
    // past it is never part of one.
    const uint32_t last = g.cluster_count + 1;
    REQUIRE(fat.set(last - 2, last - 1).ok());
    REQUIRE(fat.set(last - 1, last).ok());
    REQUIRE(fat.set(last, fatfs::FatTable::kEnd).ok());
    CHECK(fat.consecutive(last - 2, 10).value() == 2);
    REQUIRE(fat.set(last, last + 1).ok());
    CHECK(fat.consecutive(last - 2, 10).value() == 2);
  }
}

TEST_CASE("a file with the read-only attribute is not opened for writing; it can be removed and renamed") {
  Fresh f;
  write_host_file(f.tmp / "src", "kept as it is\n");
  must("mcopy -i " + quote(f.image) + " " + quote(f.tmp / "src") + " ::/locked");
  must("mcopy -i " + quote(f.image) + " " + quote(f.tmp / "src") + " ::/gone");
  must("mattrib -i " + quote(f.image) + " +r ::/locked");
  must("mattrib -i " + quote(f.image) + " +r ::/gone");
  must("mmd -i " + quote(f.image) + " ::/folder");
  must("mattrib -i " + quote(f.image) + " +r ::/folder");
  Mounted m(f.image);
  REQUIRE(m.status.ok());
  fatfs::Volume& v = m.volume;
  CHECK(v.stat("locked")->mode == 0444);
  CHECK(v.open("locked", flags::kWriteOnly).error() == Error::AccessDenied);
  CHECK(v.open("locked", flags::kReadWrite | flags::kTruncate).error() == Error::AccessDenied);
  CHECK(v.open("locked", flags::kWriteOnly | flags::kCreate).error() == Error::AccessDenied);
  CHECK(read_all(v, "locked") == "kept as it is\n");
  // An open made while it was writable stays writable (as POSIX: the mode
  // is checked at open).
  auto note = v.open("note", flags::kWriteOnly | flags::kCreate);
  REQUIRE(note.ok());
  REQUIRE(v.set_attributes(**note, {ipc::attribute_bits::kMode, 0444, 0, 0}).ok());
  CHECK(v.write(**note, 0, reinterpret_cast<const uint8_t*>("abc"), 3).ok());
  REQUIRE(v.close(*note).ok());
  CHECK(v.open("note", flags::kWriteOnly).error() == Error::AccessDenied);
  // A directory's read-only attribute (Windows' customised folders) means nothing.
  CHECK(v.stat("folder")->mode == 0755);
  REQUIRE(write_all(v, "folder/inside", "x").ok());
  CHECK(v.rename("locked", "folder/locked").ok());
  CHECK(v.unlink("gone").ok());
  REQUIRE(v.sync().ok());
  must("fsck.fat -n " + quote(f.image));
  CHECK(run("mattrib -i " + quote(f.image) + " ::/folder/locked").output.find("R") != std::string::npos);
  CHECK(run("mtype -i " + quote(f.image) + " ::/note").output == "abc");
}
