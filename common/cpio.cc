// cpio "newc" reader; see cpio.h. An entry is a 110-byte ASCII header
// ("070701" and 13 fields of 8 hex digits), the NUL-terminated name padded
// so that header + name ends 4-aligned, then the data padded to 4.
// Alignment is relative to the start of the archive.
#include "cpio.h"

#include <optional>

namespace tessera {
namespace {

constexpr size_t kHeaderSize = 110;
constexpr size_t kMagicSize = 6;
constexpr size_t kFieldCount = 13;
constexpr size_t kFieldMode = 1;
constexpr size_t kFieldFileSize = 6;
constexpr size_t kFieldNameSize = 11;
constexpr std::string_view kTrailer = "TRAILER!!!";

// Both "070701" and "070702" (newc with checksums; the sum is not checked)
// share the layout.
bool has_magic(const uint8_t* h) {
  constexpr std::string_view kPrefix = "07070";
  for (size_t i = 0; i < kPrefix.size(); ++i) {
    if (h[i] != kPrefix[i]) return false;
  }
  return h[5] == '1' || h[5] == '2';
}

// Exactly 8 hex digits, either case; nothing else (no spaces, no sign).
std::optional<uint32_t> parse_hex8(const uint8_t* p) {
  uint32_t value = 0;
  for (size_t i = 0; i < 8; ++i) {
    const uint8_t c = p[i];
    uint32_t digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    value = value << 4 | digit;
  }
  return value;
}

// Rounds up to 4. Callers pass values at most the archive's size, so the
// result cannot wrap.
constexpr size_t align4(size_t n) { return (n + 3) & ~size_t{3}; }

std::string_view without_dot_slash(std::string_view name) {
  return name.starts_with("./") ? name.substr(2) : name;
}

}  // namespace

Result<CpioEntry> CpioReader::entry_at(size_t offset) const {
  const size_t size = archive_.size();
  if (offset > size || size - offset < kHeaderSize) return Error::Malformed;
  const uint8_t* header = archive_.data() + offset;
  if (!has_magic(header)) return Error::Malformed;
  uint32_t fields[kFieldCount];
  for (size_t i = 0; i < kFieldCount; ++i) {
    const std::optional<uint32_t> field = parse_hex8(header + kMagicSize + 8 * i);
    if (!field) return Error::Malformed;
    fields[i] = *field;
  }

  // The name: at least one character, then its NUL, all inside the archive.
  const size_t name_start = offset + kHeaderSize;
  const size_t name_size = fields[kFieldNameSize];
  if (name_size < 2 || name_size > size - name_start) return Error::Malformed;
  const char* name_chars = reinterpret_cast<const char*>(archive_.data() + name_start);
  if (name_chars[name_size - 1] != '\0') return Error::Malformed;
  for (size_t i = 0; i + 1 < name_size; ++i) {
    if (name_chars[i] == '\0') return Error::Malformed;
  }
  const std::string_view name(name_chars, name_size - 1);

  // name_start + name_size <= size, so data_start <= size + 3.
  const size_t data_start = align4(name_start + name_size);
  const size_t file_size = fields[kFieldFileSize];
  if (data_start > size || file_size > size - data_start) return Error::Malformed;
  if (name == kTrailer) return Error::NotFound;

  return CpioEntry{
      .name = name,
      .data = archive_.subspan(data_start, file_size),
      .mode = fields[kFieldMode],
      // At least offset + 112: every step of a walk moves forward.
      .next_offset = align4(data_start + file_size),
  };
}

Result<CpioEntry> CpioReader::find(std::string_view name) const {
  const std::string_view wanted = without_dot_slash(name);
  size_t offset = 0;
  // entry_at only succeeds while offset + 112 <= size, and each entry moves
  // offset forward by at least that much, so the loop ends.
  for (;;) {
    Result<CpioEntry> entry = entry_at(offset);
    if (!entry) return entry.error();
    if (without_dot_slash(entry->name) == wanted) return entry;
    offset = entry->next_offset;
  }
}

}  // namespace tessera
