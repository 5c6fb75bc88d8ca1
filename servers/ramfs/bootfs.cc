// Loading the boot archive; see bootfs.h.
#include "bootfs.h"

#include <string_view>

#include "cpio.h"
#include "ipc/open_flags.h"
#include "path.h"

namespace ramfs {

namespace {

constexpr uint32_t kTypeMask = 0170000;
constexpr uint32_t kTypeDirectory = 0040000;
constexpr uint32_t kTypeFile = 0100000;
constexpr size_t kMaxPath = 1023;

// The archive's name as a normalised path: leading "/" and "./", empty and
// "." components dropped. False for a name with ".." or over kMaxPath.
bool normalise(std::string_view name, char (&out)[kMaxPath + 1], std::string_view& path) {
  size_t length = 0;
  while (!name.empty()) {
    size_t slash = name.find('/');
    std::string_view part = text_before(name, slash);
    name = text_after(name, slash);
    if (part.empty() || part == ".") continue;
    if (part == "..") return false;
    size_t needed = part.size() + (length ? 1 : 0);
    if (length + needed > kMaxPath) return false;
    if (length) out[length++] = '/';
    for (char c : part) out[length++] = c;
  }
  path = std::string_view(out, length);
  return true;
}

// mkdir -p of every directory above path (and of path itself if whole).
Status make_directories(Tree& tree, std::string_view path, bool whole) {
  for (size_t end = 0; end < path.size(); ++end) {
    if (path[end] != '/') continue;
    Status s = tree.mkdir(text_before(path, end), 0755);
    if (!s && s.error() != Error::AlreadyExists) return s;
  }
  if (!whole) return {};
  Status s = tree.mkdir(path, 0755);
  return s || s.error() == Error::AlreadyExists ? Status{} : s;
}

Status copy_file(Tree& tree, std::string_view path, const tessera::CpioEntry& entry) {
  TRY(make_directories(tree, path, false));
  namespace flags = ipc::open_flags;
  auto node = tree.open(path, flags::kWriteOnly | flags::kCreate | flags::kTruncate, entry.mode & 07777);
  if (!node) return node.error();
  Status result;
  size_t done = 0;
  while (done < entry.data.size()) {
    auto written = tree.write(**node, done, entry.data.subspan(done));
    if (!written) {
      result = written.error();
      break;
    }
    done += *written;
  }
  tree.close(*node);
  return result;
}

}  // namespace

Result<LoadCounts> load_archive(Tree& tree, std::span<const uint8_t> archive) {
  LoadCounts counts;
  tessera::CpioReader reader(archive);
  auto first = reader.first();
  if (!first) return first.error() == Error::NotFound ? Result<LoadCounts>(counts) : first.error();
  // The reader's walk ends: every entry moves the offset forward.
  for (tessera::CpioEntry entry = *first;;) {
    char buffer[kMaxPath + 1];
    std::string_view path;
    uint32_t type = entry.mode & kTypeMask;
    if (!normalise(entry.name, buffer, path) || (type != kTypeFile && type != kTypeDirectory) ||
        (path.empty() && type == kTypeFile)) {
      ++counts.skipped;
    } else {
      Status s = type == kTypeFile ? copy_file(tree, path, entry) : make_directories(tree, path, true);
      if (s.error() == Error::NoSpace) return Error::NoSpace;
      if (!s) {
        ++counts.skipped;
      } else if (type == kTypeFile) {
        ++counts.files;
      } else if (!path.empty()) {
        ++counts.directories;
      }
    }
    auto next = reader.next(entry);
    if (!next) return next.error() == Error::NotFound ? Result<LoadCounts>(counts) : next.error();
    entry = *next;
  }
}

}  // namespace ramfs
