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
  // The output goes to text_ and is never longer than what has been read,
  // so input still to be read lies at or past the position being read.
  // The input is read from text, each byte copied out as it is read, until
  // a check is about to call out (which may overwrite text): then its
  // unread rest is copied to the same place in text_ and read from there.
  // Most paths need no check, and are read once.
  const size_t length = text.size();
  const char* in = text.data();
  size_t out = 0;
  size_t i = 0;
  // The output's first `verified` bytes are known to name a directory, and
  // so are their ancestors: no need to ask again.
  size_t verified = 0;
  // Presents the output so far as a Path to the check. Its terminator
  // lands on input already read (a check follows "..", a trailing "/" or
  // "/.", none of which is written out).
  auto require_directory = [&](bool final) -> Status {
    if (!check || out == 0 || out <= verified) return {};
    if (in != text_) {
      __builtin_memcpy(text_ + i, in + i, length - i);
      in = text_;
    }
    size_ = static_cast<uint16_t>(out);
    text_[out] = '\0';
    TRY(check->require_directory(*this, final));
    verified = out;
    return {};
  };
  bool names_directory = false;  // the last component was "", "." or ".."
  while (i < length) {
    while (i < length && in[i] == '/') ++i;
    size_t start = i;
    // Copied as it is read, to where it goes if it is kept: out + 1 <= start.
    const size_t back = start - (out + 1);
    while (i < length && in[i] != '/') {
      char c = in[i];
      if (c == '\0') return Error::InvalidArgument;
      text_[i - back] = c;
      ++i;
    }
    size_t size = i - start;
    if (size > kNameMax) return Error::NameTooLong;
    bool dot = size == 1 && in[start] == '.';
    bool dot_dot = size == 2 && in[start] == '.' && in[start + 1] == '.';
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
