#include "path.h"

namespace vfs {

namespace {
// string_view::substr would throw (and link the exception machinery) on a
// bad position; every position here is in range by construction.
std::string_view slice(std::string_view s, size_t at, size_t length) { return {s.data() + at, length}; }
}  // namespace

void Path::assign(const Path& other) {
  size_ = other.size_;
  __builtin_memcpy(text_, other.text_, size_t{size_} + 1);
}

Status Path::assign_normal(std::string_view text, DirectoryCheck* check) {
  if (text.empty()) return Error::NotFound;
  if (text.size() > kPathMax) return Error::NameTooLong;
  if (text[0] != '/') return Error::InvalidArgument;
  // In place: the output is never longer than what has been read, so it
  // never overwrites input still to be read. A check sees the output so
  // far, and its terminator lands on input already read (a check follows
  // "..", a trailing "/" or "/.", none of which is written out).
  const size_t length = text.size();
  __builtin_memcpy(text_, text.data(), length);
  size_t out = 0;
  // The output's first `verified` bytes are known to name a directory, and
  // so are their ancestors: no need to ask again.
  size_t verified = 0;
  // Presents the output so far as a Path to the check.
  auto require_directory = [&](bool final) -> Status {
    if (!check || out == 0 || out <= verified) return {};
    size_ = static_cast<uint16_t>(out);
    text_[out] = '\0';
    TRY(check->require_directory(*this, final));
    verified = out;
    return {};
  };
  size_t i = 0;
  bool names_directory = false;  // the last component was "", "." or ".."
  while (i < length) {
    while (i < length && text_[i] == '/') ++i;
    size_t start = i;
    while (i < length && text_[i] != '/') {
      if (text_[i] == '\0') return Error::InvalidArgument;
      ++i;
    }
    size_t size = i - start;
    if (size > kNameMax) return Error::NameTooLong;
    bool dot = size == 1 && text_[start] == '.';
    bool dot_dot = size == 2 && text_[start] == '.' && text_[start + 1] == '.';
    names_directory = size == 0 || dot || dot_dot;
    if (size == 0 || dot) continue;
    if (dot_dot) {
      TRY(require_directory(false));
      // Back to the slash that starts the last component (none at the root).
      if (out > 0) --out;
      while (out > 0 && text_[out] != '/') --out;
      if (verified > out) verified = out;
      continue;
    }
    text_[out] = '/';
    if (out + 1 != start) __builtin_memmove(text_ + out + 1, text_ + start, size);
    out += 1 + size;
  }
  if (names_directory) TRY(require_directory(true));
  size_ = static_cast<uint16_t>(out == 0 ? 1 : out);
  text_[0] = '/';
  text_[size_] = '\0';
  return {};
}

bool Path::contains(const Path& inner) const {
  if (is_root()) return true;
  // The cheap tests first: every open resolves against every mount.
  if (inner.size_ < size_ || (inner.size_ > size_ && inner.text_[size_] != '/')) return false;
  return __builtin_memcmp(inner.text_, text_, size_) == 0;
}

std::string_view Path::below(const Path& inner) const {
  std::string_view in = inner.view();
  size_t skip = is_root() ? 1 : size_ + 1;
  return skip >= in.size() ? std::string_view{} : slice(in, skip, in.size() - skip);
}

Result<Path> Path::join(std::string_view relative) const {
  if (relative.empty()) return *this;
  size_t separator = is_root() ? 0 : 1;
  if (size_t{size_} + separator + relative.size() > kPathMax) return Error::NameTooLong;
  Path path(*this);
  size_t at = is_root() ? 1 : size_;
  if (separator) path.text_[at++] = '/';
  __builtin_memcpy(path.text_ + at, relative.data(), relative.size());
  at += relative.size();
  path.size_ = static_cast<uint16_t>(at);
  path.text_[at] = '\0';
  return path;
}

}  // namespace vfs
