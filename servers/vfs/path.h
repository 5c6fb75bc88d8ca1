// Path: a normalised absolute path, the form in which vfs matches mounts and
// from which it makes the paths it forwards to a file system. ".." is
// resolved on the text (and may leave a mount), as the IDL promises, but
// only after the component before it was found to be a directory: the
// caller's DirectoryCheck asks the file system ("/bin/prog/.." is
// NotDirectory when prog is a file, as POSIX says).
//
// Normal form: "/" or "/a/b": no trailing slash, no empty, "." or ".."
// components. Fixed-size (no heap), so it works in the freestanding server
// and in host tests alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "result.h"

namespace vfs {

// POSIX PATH_MAX less the terminator: the IDL bound of every path.
constexpr size_t kPathMax = 1023;
// NAME_MAX: the longest component.
constexpr size_t kNameMax = 255;

class Path;

// What a path names as a directory must be one: asked of the file systems
// by vfs, of a table by host tests.
class DirectoryCheck {
 public:
  // prefix is followed by ".." (then it must be an existing directory) or
  // is the whole path written with a trailing "/" or "/." (final; whether a
  // missing one is an error is the checker's choice). An error stops the
  // normalisation with it.
  virtual Status require_directory(const Path& prefix, bool final) = 0;

 protected:
  ~DirectoryCheck() = default;
};

class Path {
 public:
  // The root, "/".
  Path() : size_(1) {
    text_[0] = '/';
    text_[1] = '\0';
  }
  // A normal path is made with assign_normal.
  Path(const Path& other) { assign(other); }
  Path& operator=(const Path& other) {
    assign(other);
    return *this;
  }

  // Makes this text, normalised POSIX-style:
  //   - repeated slashes collapse, "." components are dropped, a trailing
  //     slash is ignored;
  //   - ".." removes the component before it; ".." at the root stays at the
  //     root ("/.." is "/", as POSIX says);
  //   - "" is NotFound (POSIX ENOENT); a path not starting with "/" is
  //     InvalidArgument (vfs knows no working directory); a NUL byte is
  //     InvalidArgument;
  //   - text longer than kPathMax, or any component (even one a later ".."
  //     removes) longer than kNameMax, is NameTooLong.
  // With a check, every prefix that the text names as a directory is
  // passed to it first (see DirectoryCheck); without, the text alone counts.
  // text is read once, copied out as it goes, and what is left of it is
  // copied in before the first check, so a check may overwrite it: vfs
  // reads a request's path straight from the message its checks' calls
  // reuse. On an error the path is unspecified.
  Status assign_normal(std::string_view text, DirectoryCheck* check = nullptr);

  std::string_view view() const { return {text_, size_}; }
  const char* c_str() const { return text_; }
  size_t size() const { return size_; }
  bool is_root() const { return size_ == 1; }

  // Whether inner is this path or lies beneath it, on component boundaries
  // ("/tmp" contains "/tmp" and "/tmp/x", not "/tmpx").
  bool contains(const Path& inner) const;
  // What lies beneath this path in inner, without a leading slash ("" for
  // inner == *this). Only meaningful when contains(inner).
  std::string_view below(const Path& inner) const;
  // This path with relative ("a/b", already normal, or "") appended;
  // NameTooLong if the result would be over kPathMax.
  Result<Path> join(std::string_view relative) const;

  // The form the file-system protocol takes: no leading slash, "" for the root.
  std::string_view relative() const { return {text_ + 1, size_t{size_} - 1}; }

  friend bool operator==(const Path& a, const Path& b) { return a.view() == b.view(); }

 private:
  void assign(const Path& other);

  uint16_t size_;
  char text_[kPathMax + 1];
};

}  // namespace vfs
