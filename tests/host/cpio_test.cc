// Host tests of the boot-archive reader: archives written by
// image/mkarchive.py and by GNU cpio (when installed), hand-made corrupt
// headers, truncation at every length, and random damage.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cpio.h"

using namespace tessera;
namespace fs = std::filesystem;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

void write_file(const fs::path& path, const Bytes& data) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data.data()), data.size());
}

fs::path mkarchive_script() {
  if (const char* root = std::getenv("TESSERA_SOURCE_ROOT")) return fs::path(root) / "image/mkarchive.py";
  return fs::absolute(fs::path(__FILE__)).parent_path().parent_path().parent_path() / "image/mkarchive.py";
}

bool run(const std::string& command) { return std::system(command.c_str()) == 0; }

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

std::string text(std::span<const uint8_t> data) { return std::string(data.begin(), data.end()); }

// A scratch directory holding the files the archives are made of.
struct Fixture {
  fs::path dir = fs::temp_directory_path() / ("tessera-cpio-test-" + std::to_string(getpid()));
  Bytes init;
  Fixture() {
    fs::remove_all(dir);
    std::mt19937 rng(7);
    for (int i = 0; i < 1001; ++i) init.push_back(uint8_t(rng()));
    write_file(dir / "tree/bin/init", init);
    fs::permissions(dir / "tree/bin/init", fs::perms::owner_exec, fs::perm_options::add);
    write_file(dir / "tree/etc/motd", Bytes{'h', 'e', 'l', 'l', 'o'});
    write_file(dir / "tree/empty", {});
    // Names of 1..8 characters cover every name padding.
    for (int n = 1; n <= 8; ++n) write_file(dir / "tree/p" / std::string(n, 'x'), Bytes(n, uint8_t('0' + n)));
  }
  ~Fixture() { fs::remove_all(dir); }

  Bytes mkarchive() const {
    const fs::path script = mkarchive_script();
    INFO("set TESSERA_SOURCE_ROOT; looked for ", script.string());
    REQUIRE(fs::exists(script));
    std::string command = "python3 " + quoted(script) + " " + quoted(dir / "ours.cpio") +
                          " bin/init=" + quoted(dir / "tree/bin/init") + " etc/motd=" +
                          quoted(dir / "tree/etc/motd") + " empty=" + quoted(dir / "tree/empty");
    for (int n = 1; n <= 8; ++n) {
      const std::string name = "p/" + std::string(n, 'x');
      command += " " + name + "=" + quoted(dir / "tree" / name);
    }
    REQUIRE(run(command));
    return read_file(dir / "ours.cpio");
  }
};

// One newc entry with an explicit namesize, for headers no tool would write;
// `name` is written as given (the NUL is the caller's business).
std::string entry(const std::string& name, const std::string& data, uint32_t namesize, uint32_t mode = 0100644) {
  char header[111];
  std::snprintf(header, sizeof header, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 1u, mode, 0u,
                0u, 1u, 0u, uint32_t(data.size()), 0u, 0u, 0u, 0u, namesize, 0u);
  std::string out = header + name;
  while (out.size() % 4) out += '\0';
  out += data;
  while (out.size() % 4) out += '\0';
  return out;
}
std::string entry(const std::string& name, const std::string& data = "") {
  return entry(name + '\0', data, uint32_t(name.size() + 1));
}
std::string trailer() { return entry("TRAILER!!!"); }

Bytes bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

// Walks every entry; the walk must end (NotFound at the trailer or an error)
// within the bound that the format's minimum entry size implies.
Error walk(const Bytes& archive, size_t* count = nullptr) {
  CpioReader reader(archive);
  std::optional<Result<CpioEntry>> entry;  // Result has no assignment
  entry.emplace(reader.first());
  size_t n = 0;
  for (; entry->ok(); ++n) {
    REQUIRE(n <= archive.size() / 112);
    const CpioEntry e = **entry;
    CHECK(!e.name.empty());
    CHECK(e.data.data() >= archive.data());
    CHECK(e.data.data() + e.data.size() <= archive.data() + archive.size());
    CHECK(e.next_offset >= size_t(e.data.data() - archive.data()) + e.data.size());
    entry.emplace(reader.next(e));
  }
  if (count) *count = n;
  return entry->error();
}

}  // namespace

TEST_CASE("archives from mkarchive.py: find, modes and iteration") {
  Fixture fixture;
  const Bytes archive = fixture.mkarchive();
  CHECK(archive.size() % 4 == 0);
  CpioReader reader(archive);
  Result<CpioEntry> init = reader.find("bin/init");
  REQUIRE(init.ok());
  CHECK(init->name == "bin/init");
  CHECK(Bytes(init->data.begin(), init->data.end()) == fixture.init);
  CHECK(init->mode == 0100755);
  Result<CpioEntry> motd = reader.find("./etc/motd");
  REQUIRE(motd.ok());
  CHECK(text(motd->data) == "hello");
  CHECK(motd->mode == 0100644);
  Result<CpioEntry> empty = reader.find("empty");
  REQUIRE(empty.ok());
  CHECK(empty->data.empty());
  for (int n = 1; n <= 8; ++n) {
    Result<CpioEntry> padded = reader.find("p/" + std::string(n, 'x'));
    REQUIRE(padded.ok());
    CHECK(text(padded->data) == std::string(n, char('0' + n)));
  }
  CHECK(reader.find("bin/ini").error() == Error::NotFound);
  CHECK(reader.find("TRAILER!!!").error() == Error::NotFound);
  size_t count = 0;
  CHECK(walk(archive, &count) == Error::NotFound);
  CHECK(count == 11);
  Result<CpioEntry> first = reader.first();
  REQUIRE(first.ok());
  CHECK(first->name == "bin/init");
  CHECK(fixture.mkarchive() == archive);  // deterministic
}

TEST_CASE("archives from GNU cpio are read, with and without ./") {
  if (!run("command -v cpio >/dev/null 2>&1")) {
    MESSAGE("GNU cpio not installed; skipping");
    return;
  }
  Fixture fixture;
  const std::string tree = quoted(fixture.dir / "tree");
  for (const char* list : {"find . | sort", "find bin etc empty p"}) {
    const fs::path out = fixture.dir / "gnu.cpio";
    REQUIRE(run("cd " + tree + " && " + list + " | cpio --quiet -o -H newc > " + quoted(out)));
    const Bytes archive = read_file(out);
    CpioReader reader(archive);
    Result<CpioEntry> init = reader.find("bin/init");
    REQUIRE(init.ok());
    CHECK(Bytes(init->data.begin(), init->data.end()) == fixture.init);
    CHECK((init->mode & 0170000) == 0100000);
    Result<CpioEntry> motd = reader.find("./etc/motd");
    REQUIRE(motd.ok());
    CHECK(text(motd->data) == "hello");
    Result<CpioEntry> dir = reader.find("bin");
    REQUIRE(dir.ok());
    CHECK((dir->mode & 0170000) == 0040000);
    CHECK(walk(archive) == Error::NotFound);
  }
}

TEST_CASE("every truncation of an archive is rejected, never overrun") {
  Fixture fixture;
  const Bytes archive = fixture.mkarchive();
  for (size_t length = 0; length < archive.size(); ++length) {
    const Bytes prefix(archive.begin(), archive.begin() + length);
    CHECK(walk(prefix) == Error::Malformed);  // the trailer is incomplete
    Result<CpioEntry> motd = CpioReader(prefix).find("etc/motd");
    if (motd.ok()) CHECK(text(motd->data) == "hello");
    else CHECK(motd.error() == Error::Malformed);
  }
}

TEST_CASE("corrupt headers are Malformed") {
  const std::string good = entry("a", "data");
  auto error_of = [](const std::string& archive) { return walk(bytes(archive)); };
  CHECK(error_of(good + trailer()) == Error::NotFound);
  CHECK(error_of("") == Error::Malformed);
  CHECK(error_of(good) == Error::Malformed);  // no trailer
  CHECK(error_of("070707" + good.substr(6) + trailer()) == Error::Malformed);  // old binary magic
  for (char bad : {'g', 'G', ' ', '+', '-', 'x', '\0'}) {
    for (size_t at : {6, 6 + 8 * 6 + 7, 6 + 8 * 11}) {  // ino, filesize, namesize
      std::string damaged = good;
      damaged[at] = bad;
      CHECK(error_of(damaged + trailer()) == Error::Malformed);
    }
  }
  CHECK(error_of(entry("a", "", 0) + trailer()) == Error::Malformed);           // namesize 0
  CHECK(error_of(entry("a", "", 1) + trailer()) == Error::Malformed);           // namesize 1: no room for a name
  CHECK(error_of(entry("", "", 1) + trailer()) == Error::Malformed);            // empty name
  CHECK(error_of(entry("ab", "", 2) + trailer()) == Error::Malformed);          // no NUL where it ends
  CHECK(error_of(entry(std::string("a\0b", 3), "", 4) + trailer()) == Error::Malformed);
  CHECK(error_of(entry("a", "", 0xffffffff) + trailer()) == Error::Malformed);  // name past the end
  std::string long_file = entry("a", "xy");
  long_file.replace(6 + 8 * 6, 8, "FFFFFFFF");                                  // filesize past the end
  CHECK(error_of(long_file + trailer()) == Error::Malformed);
  std::string cut_padding = entry("abc", "d") + trailer();
  cut_padding.resize(cut_padding.size() - 1);
  CHECK(error_of(cut_padding) == Error::Malformed);
  CHECK(error_of(trailer()) == Error::NotFound);

  // A forged entry cannot send next() outside the archive.
  const Bytes archive = bytes(good + trailer());
  CpioReader reader(archive);
  for (size_t forged : {size_t{1}, archive.size(), archive.size() + 1, SIZE_MAX}) {
    CHECK(reader.next(CpioEntry{"a", {}, 0, forged}).error() == Error::Malformed);
  }
}

TEST_CASE("random and damaged archives never crash the reader") {
  Fixture fixture;
  const Bytes archive = fixture.mkarchive();
  std::mt19937 rng(99);
  const char* hex = "0123456789abcdefABCDEF";
  for (int round = 0; round < 5000; ++round) {
    Bytes b = archive;
    for (int i = 0, flips = 1 + int(rng() % 6); i < flips; ++i) {
      const size_t at = rng() % b.size();
      // Mostly swap in hex digits so damage gets past the digit check.
      b[at] = rng() % 4 ? uint8_t(hex[rng() % 22]) : uint8_t(rng());
    }
    walk(b);
    (void)CpioReader(b).find("etc/motd");
  }
  for (int round = 0; round < 2000; ++round) {
    Bytes b(rng() % 600);
    for (auto& byte : b) byte = uint8_t(hex[rng() % 22]);
    if (b.size() >= 6) std::copy_n("070701", 6, b.begin());
    walk(b);
  }
}
