// procfs's paths and text: which node a path names, and the status,
// meminfo and uptime files in Linux's formats.
#include <doctest/doctest.h>

#include <string>

#include "../../libc/include/tessera/proc_self.h"
#include "../../servers/procfs/proc_path.h"
#include "../../servers/procfs/render.h"

using namespace procfs;

namespace {

bool names(std::string_view path, NodeType type, int64_t pid = 0) {
  ProcNode node{};
  return parse_path(path, node) && node.type == type && node.pid == pid;
}

bool names_nothing(std::string_view path) {
  ProcNode node{};
  return !parse_path(path, node);
}

}  // namespace

TEST_CASE("paths name the root, the system files and each process's files") {
  CHECK(names("", NodeType::Root));
  CHECK(names("meminfo", NodeType::Meminfo));
  CHECK(names("uptime", NodeType::Uptime));
  CHECK(names("7", NodeType::ProcessDir, 7));
  CHECK(names("123/status", NodeType::Status, 123));
  CHECK(names("1/cmdline", NodeType::Cmdline, 1));
  CHECK(names("42/mounts", NodeType::Mounts, 42));
  CHECK(is_directory(NodeType::Root));
  CHECK(is_directory(NodeType::ProcessDir));
  CHECK(!is_directory(NodeType::Status));
}

TEST_CASE("anything else names nothing") {
  CHECK(names_nothing("self"));  // libc's to rewrite
  CHECK(names_nothing("0"));
  CHECK(names_nothing("07"));
  CHECK(names_nothing("-1"));
  CHECK(names_nothing("12x"));
  CHECK(names_nothing("12/"));
  CHECK(names_nothing("12/stat"));
  CHECK(names_nothing("12/status/x"));
  CHECK(names_nothing("meminfo/x"));
  CHECK(names_nothing("1234567890123456789"));  // past int64_t's reach
  CHECK(names("999999999999999999", NodeType::ProcessDir, 999999999999999999));
}

TEST_CASE("status has Linux's lines") {
  char out[256];
  ProcessStatus s{12, 1, "prochelper", true, 2, 90 * 1024 + 1000};
  size_t n = render_status(s, out, sizeof out);
  CHECK(std::string(out, n) ==
        "Name:\tprochelper\nState:\tR (running)\nPid:\t12\nPPid:\t1\nVmRSS:\t90 kB\nThreads:\t2\n");
  s.running = false;
  s.threads = 0;
  s.rss_bytes = 0;
  n = render_status(s, out, sizeof out);
  CHECK(std::string(out, n) ==
        "Name:\tprochelper\nState:\tZ (zombie)\nPid:\t12\nPPid:\t1\nVmRSS:\t0 kB\nThreads:\t0\n");
}

TEST_CASE("meminfo pads as Linux does") {
  char out[128];
  size_t n = render_meminfo(128ull << 20, 93'000'000, 1'234'567, out, sizeof out);
  CHECK(std::string(out, n) ==
        "MemTotal:         131072 kB\nMemFree:           90820 kB\nKernelHeapBytes: 1234567\n");
  n = render_meminfo(128ull << 20, 93'000'000, 123'456'789, out, sizeof out);
  CHECK(std::string(out, n).ends_with("\nKernelHeapBytes:123456789\n"));
}

TEST_CASE("uptime is seconds with two decimals, never rounded up") {
  char out[32];
  CHECK(std::string(out, render_uptime(0, 10'000'000, out, sizeof out)) == "0.00\n");
  CHECK(std::string(out, render_uptime(123'456'789, 10'000'000, out, sizeof out)) == "12.34\n");
  CHECK(std::string(out, render_uptime(10'000'000 * 3600ull + 99'999, 10'000'000, out, sizeof out)) == "3600.00\n");
  CHECK(std::string(out, render_uptime(5 * 24'000'000 + 12'000'000 + 1'200'000, 24'000'000, out, sizeof out)) ==
        "5.55\n");
  CHECK(render_uptime(1, 0, out, sizeof out) == 0);
}

TEST_CASE("text that does not fit is cut, never written past the buffer") {
  char out[8] = {};
  ProcessStatus s{12, 1, "averyveryverylongname", true, 1, 0};
  CHECK(render_status(s, out, 7) == 7);
  CHECK(std::string(out, 7) == "Name:\ta");
  CHECK(out[7] == 0);
  Text t(out, 3);
  CHECK(t.add_number(123456, 8).size() == 3);
  CHECK(std::string(out, 3) == "  1");  // two columns of padding, then what fits
}

TEST_CASE("libc rewrites a leading /proc/self to the caller's pid") {
  char out[64];
  auto rewrite = [&](std::string_view path, int64_t pid) {
    size_t n = tessera::rewrite_proc_self(path, pid, out, sizeof out);
    return n ? std::string(out, n) : std::string("<none>");
  };
  CHECK(rewrite("/proc/self", 42) == "/proc/42");
  CHECK(rewrite("/proc/self/status", 7) == "/proc/7/status");
  CHECK(rewrite("/proc/self/", 1234567) == "/proc/1234567/");
  CHECK(out[14] == '\0');
  CHECK(rewrite("/proc/selfish", 7) == "<none>");
  CHECK(rewrite("/proc/1/status", 7) == "<none>");
  CHECK(rewrite("/tmp/proc/self", 7) == "<none>");
  CHECK(rewrite("/proc/sel", 7) == "<none>");
  char small[9];
  CHECK(tessera::rewrite_proc_self("/proc/self", 42, small, 9) == 8);  // "/proc/42" and its NUL
  CHECK(tessera::rewrite_proc_self("/proc/self", 420, small, 9) == 0);
}
