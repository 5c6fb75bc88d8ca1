// What a path in procfs names (host-tested: tests/host/procfs_test.cc).
// Paths come from vfs normalised and relative to /proc: "" is /proc
// itself, "12/status" is /proc/12/status. /proc/self is not here: procfs
// cannot see who asks through vfs, so libc rewrites it (docs/posix.md).
#pragma once

#include <cstdint>
#include <string_view>

namespace procfs {

enum class NodeType : uint8_t { Root, Meminfo, Uptime, ProcessDir, Status, Cmdline, Mounts };

struct ProcNode {
  NodeType type;
  int64_t pid;  // for the per-process nodes
};

// The node path names; false if it names none (NotFound).
bool parse_path(std::string_view path, ProcNode& node);

// A directory's entries by index: false past the last. The root's fixed
// entries come before its pids (which the caller lists from procmgr).
inline constexpr std::string_view kRootFiles[] = {"meminfo", "uptime"};
inline constexpr std::string_view kProcessFiles[] = {"status", "cmdline", "mounts"};

bool is_directory(NodeType type);

}  // namespace procfs
