// What the FAT host tests share: a temporary directory, the real tools
// (mkfs.fat, mtools, fsck.fat) run on images in it, and a fatfs volume
// mounted on an image file.
#pragma once

#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../../servers/fatfs/block_cache.h"
#include "../../servers/fatfs/file_block_device.h"
#include "../../servers/fatfs/volume.h"
#include "ipc/open_flags.h"

namespace fattest {

// A directory under $TMPDIR, removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    std::string base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    std::string pattern = base + "/fattest.XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back(0);
    REQUIRE(mkdtemp(buffer.data()) != nullptr);
    path_ = buffer.data();
  }
  ~TempDir() { (void)system(("rm -rf '" + path_ + "'").c_str()); }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct Run {
  int status;
  std::string output;
};

// Runs a shell command; its exit status and what it printed (both streams).
inline Run run(const std::string& command) {
  setenv("MTOOLS_SKIP_CHECK", "1", 1);  // mtools: no geometry complaints about image files
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

inline void must(const std::string& command) {
  Run r = run(command);
  INFO(command, "\n", r.output);
  REQUIRE(r.status == 0);
}

inline std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline void write_host_file(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

inline std::string read_host_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Deterministic bytes that differ from file to file and from block to block.
inline std::string pattern(size_t size, uint32_t seed) {
  std::string data(size, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < size; ++i) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    data[i] = char(x);
  }
  return data;
}

// mkfs.fat -F bits of kib KiB at path (extra: more mkfs.fat options).
inline void mkfs(const std::string& path, int bits, int kib, const std::string& extra = "") {
  must("rm -f " + quote(path) + " && mkfs.fat -F " + std::to_string(bits) + " " + extra + " -C " + quote(path) + " " +
       std::to_string(kib));
}

inline std::set<std::string> mdir_tree(const std::string& image) {
  Run r = run("mdir -i " + quote(image) + " -/ -b ::");
  std::set<std::string> out;
  std::istringstream lines(r.output);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("::/", 0) == 0) out.insert(line.substr(2));
  }
  return out;
}

struct FixedClock : fatfs::Clock {
  uint64_t now() override { return 1700000000; }  // 2023-11-14 22:13:20 UTC
};

// A fatfs volume on an image file.
struct Mounted {
  explicit Mounted(const std::string& image, size_t cache_bytes = 256 * 1024)
      : device(image.c_str()), cache(device, cache_bytes), volume(cache, clock) {
    REQUIRE(device.ok());
    REQUIRE(cache.init().ok());
    const char* reason = nullptr;
    status = volume.mount(&reason);
    why = reason ? reason : "";
  }
  fatfs::FileBlockDevice device;
  fatfs::BlockCache cache;
  FixedClock clock;
  fatfs::Volume volume;
  Status status;
  std::string why;
};

namespace flags = ipc::open_flags;

inline std::string read_all(fatfs::Volume& v, const std::string& path) {
  auto node = v.open(path, flags::kReadOnly);
  REQUIRE_MESSAGE(node.ok(), path, ": ", abi::error_name(node.error()));
  std::string out;
  std::vector<uint8_t> buffer(7919);  // not a multiple of any block or cluster
  for (;;) {
    auto n = v.read(**node, out.size(), buffer.data(), uint32_t(buffer.size()));
    REQUIRE(n.ok());
    if (*n == 0) break;
    out.append(reinterpret_cast<char*>(buffer.data()), *n);
  }
  REQUIRE(v.close(*node).ok());
  return out;
}

inline Status write_all(fatfs::Volume& v, const std::string& path, const std::string& data, uint32_t chunk = 5000) {
  auto node = v.open(path, flags::kWriteOnly | flags::kCreate | flags::kTruncate);
  if (!node) return node.error();
  for (size_t done = 0; done < data.size();) {
    uint32_t n = uint32_t(std::min<size_t>(chunk, data.size() - done));
    auto w = v.write(**node, done, reinterpret_cast<const uint8_t*>(data.data() + done), n);
    if (!w) {
      (void)v.close(*node);
      return w.error();
    }
    done += *w;
  }
  return v.close(*node);  // the entry is written here
}

// Every path under dir ("/a", "/a/b/" for directories), as mdir -/ -b shows them.
inline void list_tree(fatfs::Volume& v, const std::string& dir, std::set<std::string>& out) {
  auto node = v.open(dir, flags::kReadOnly | flags::kDirectory);
  REQUIRE(node.ok());
  std::vector<std::pair<std::string, bool>> entries;
  for (uint32_t i = 0;; ++i) {
    auto e = v.readdir(**node, i);
    if (!e && e.error() == Error::OutOfRange) break;
    REQUIRE(e.ok());
    entries.push_back({std::string(e->name), e->kind == fatfs::NodeKind::Directory});
  }
  REQUIRE(v.close(*node).ok());
  for (auto& [name, is_dir] : entries) {
    std::string path = dir.empty() ? name : dir + "/" + name;
    out.insert("/" + path + (is_dir ? "/" : ""));
    if (is_dir) list_tree(v, path, out);
  }
}

}  // namespace fattest
