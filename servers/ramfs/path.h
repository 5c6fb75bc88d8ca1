// Splitting paths at a slash without std::string_view::substr, whose range
// check calls a throwing helper that user programs do not link.
#pragma once

#include <cstddef>
#include <string_view>

namespace ramfs {

// Up to position end (npos: all of text).
inline std::string_view text_before(std::string_view text, size_t end) {
  return {text.data(), end < text.size() ? end : text.size()};
}

// What follows the slash at position slash (npos: nothing).
inline std::string_view text_after(std::string_view text, size_t slash) {
  if (slash >= text.size()) return {};
  return {text.data() + slash + 1, text.size() - slash - 1};
}

}  // namespace ramfs
