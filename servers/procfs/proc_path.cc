#include "proc_path.h"

namespace procfs {

namespace {

constexpr size_t kMaxPidDigits = 18;  // below 10^18: fits int64_t

// A pid as procmgr gives them: decimal, no sign, no leading zero.
bool parse_pid(std::string_view text, int64_t& pid) {
  if (text.empty() || text.size() > kMaxPidDigits || text[0] == '0') return false;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pid = value;
  return true;
}

}  // namespace

bool parse_path(std::string_view path, ProcNode& node) {
  if (path.empty()) {
    node = {NodeType::Root, 0};
    return true;
  }
  if (path == kRootFiles[0]) {
    node = {NodeType::Meminfo, 0};
    return true;
  }
  if (path == kRootFiles[1]) {
    node = {NodeType::Uptime, 0};
    return true;
  }
  // Not substr: it may throw, and nothing here can.
  size_t slash = path.find('/');
  size_t pid_length = slash == std::string_view::npos ? path.size() : slash;
  int64_t pid = 0;
  if (!parse_pid(std::string_view(path.data(), pid_length), pid)) return false;
  if (slash == std::string_view::npos) {
    node = {NodeType::ProcessDir, pid};
    return true;
  }
  std::string_view file(path.data() + slash + 1, path.size() - slash - 1);
  const NodeType types[] = {NodeType::Status, NodeType::Cmdline, NodeType::Mounts};
  for (size_t i = 0; i < sizeof types / sizeof types[0]; ++i) {
    if (file == kProcessFiles[i]) {
      node = {types[i], pid};
      return true;
    }
  }
  return false;
}

bool is_directory(NodeType type) { return type == NodeType::Root || type == NodeType::ProcessDir; }

}  // namespace procfs
