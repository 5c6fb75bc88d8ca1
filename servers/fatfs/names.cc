// Name conversions and aliases; see names.h. The alias rules follow the
// FAT specification's "basis-name generation algorithm".
#include "names.h"

#include <string.h>

namespace fatfs {

namespace {

bool forbidden_long(uint32_t c) { return c < 0x20 || c == 0x7F || (c < 128 && strchr("\"*/:<>?\\|", int(c))); }

// Characters a short name may hold as they are (after upper-casing).
bool valid_short(uint16_t c) {
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= '0' && c <= '9') return true;
  return c < 128 && c > 32 && strchr("$%'-_@~`!(){}^#&", c) != nullptr;
}

uint16_t upper(uint16_t c) { return (c >= 'a' && c <= 'z') ? uint16_t(c - 32) : c; }
uint16_t lower(uint16_t c) { return (c >= 'A' && c <= 'Z') ? uint16_t(c + 32) : c; }

}  // namespace

Result<LongName> name_from_utf8(std::string_view text) {
  LongName name;
  if (text.empty() || text == "." || text == "..") return Error::InvalidArgument;
  for (size_t i = 0; i < text.size();) {
    uint8_t b = uint8_t(text[i]);
    uint32_t c, extra;
    if (b < 0x80)
      c = b, extra = 0;
    else if ((b & 0xE0) == 0xC0)
      c = b & 0x1F, extra = 1;
    else if ((b & 0xF0) == 0xE0)
      c = b & 0x0F, extra = 2;
    else
      return Error::InvalidArgument;                                       // 4-byte sequences lie outside UCS-2
    if (i + extra >= text.size() && extra) return Error::InvalidArgument;  // cut short
    for (uint32_t k = 1; k <= extra; ++k) {
      uint8_t cont = uint8_t(text[i + k]);
      if ((cont & 0xC0) != 0x80) return Error::InvalidArgument;
      c = c << 6 | (cont & 0x3F);
    }
    if ((extra == 1 && c < 0x80) || (extra == 2 && c < 0x800) || (c >= 0xD800 && c < 0xE000))
      return Error::InvalidArgument;  // overlong or a surrogate
    if (forbidden_long(c)) return Error::InvalidArgument;
    if (name.length == kMaxNameChars) return Error::NameTooLong;
    name.chars[name.length++] = uint16_t(c);
    i += 1 + extra;
  }
  uint16_t last = name.chars[name.length - 1];
  if (last == '.' || last == ' ') return Error::InvalidArgument;
  return name;
}

uint32_t name_to_utf8(const LongName& name, char* out) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < name.length; ++i) {
    uint16_t c = name.chars[i];
    if (c < 0x80) {
      out[n++] = char(c);
    } else if (c < 0x800) {
      out[n++] = char(0xC0 | c >> 6);
      out[n++] = char(0x80 | (c & 0x3F));
    } else {
      out[n++] = char(0xE0 | c >> 12);
      out[n++] = char(0x80 | (c >> 6 & 0x3F));
      out[n++] = char(0x80 | (c & 0x3F));
    }
  }
  out[n] = 0;
  return n;
}

bool same_name(const LongName& a, const LongName& b) {
  if (a.length != b.length) return false;
  for (uint32_t i = 0; i < a.length; ++i) {
    if (upper(a.chars[i]) != upper(b.chars[i])) return false;
  }
  return true;
}

// Bytes of the OEM code page above 127 are shown as Latin-1: a name must
// still be some text.
bool short_name_is(const uint8_t* e, const LongName& name) {
  uint32_t base_end = 8, ext_end = 11;
  while (base_end > 0 && e[base_end - 1] == ' ') --base_end;
  while (ext_end > 8 && e[ext_end - 1] == ' ') --ext_end;
  uint32_t length = base_end + (ext_end > 8 ? 1 + ext_end - 8 : 0);
  if (length != name.length) return false;
  // The lower-case flags change only case, which the comparison ignores.
  for (uint32_t i = 0; i < base_end; ++i) {
    uint16_t c = (i == 0 && e[0] == 0x05) ? 0xE5 : e[i];
    if (upper(c) != upper(name.chars[i])) return false;
  }
  if (ext_end == 8) return true;
  if (name.chars[base_end] != '.') return false;
  for (uint32_t i = 8; i < ext_end; ++i) {
    if (upper(e[i]) != upper(name.chars[base_end + 1 + i - 8])) return false;
  }
  return true;
}

LongName short_name_text(const uint8_t* e) {
  LongName name;
  bool lower_base = e[12] & 0x08, lower_ext = e[12] & 0x10;
  uint32_t base_end = 8, ext_end = 11;
  while (base_end > 0 && e[base_end - 1] == ' ') --base_end;
  while (ext_end > 8 && e[ext_end - 1] == ' ') --ext_end;
  for (uint32_t i = 0; i < base_end; ++i) {
    // 0x05 in the first byte stands for 0xE5, which marks free entries.
    uint16_t c = (i == 0 && e[0] == 0x05) ? 0xE5 : e[i];
    name.chars[name.length++] = lower_base ? lower(c) : c;
  }
  if (ext_end > 8) {
    name.chars[name.length++] = '.';
    for (uint32_t i = 8; i < ext_end; ++i) name.chars[name.length++] = lower_ext ? lower(e[i]) : e[i];
  }
  return name;
}

uint8_t lfn_checksum(const uint8_t* s) {
  uint8_t sum = 0;
  for (int i = 0; i < 11; ++i) sum = uint8_t(((sum & 1) ? 0x80 : 0) + (sum >> 1) + s[i]);
  return sum;
}

bool exact_short_name(const LongName& name, uint8_t* out) {
  memset(out, ' ', 11);
  uint32_t i = 0, n = 0;
  for (; i < name.length && name.chars[i] != '.'; ++i) {
    if (n == 8 || !valid_short(name.chars[i])) return false;
    out[n++] = uint8_t(name.chars[i]);
  }
  if (n == 0) return false;
  if (i == name.length) return true;
  n = 8;
  for (++i; i < name.length; ++i) {
    if (n == 11 || !valid_short(name.chars[i])) return false;
    out[n++] = uint8_t(name.chars[i]);
  }
  return n > 8;
}

void alias_basis(const LongName& name, uint8_t* out) {
  memset(out, ' ', 11);
  // The extension is what follows the last dot (not a leading one).
  int32_t last_dot = -1;
  for (uint32_t i = 0; i < name.length; ++i) {
    if (name.chars[i] == '.') last_dot = int32_t(i);
  }
  uint32_t start = 0;
  while (start < name.length && (name.chars[start] == '.' || name.chars[start] == ' ')) ++start;
  if (last_dot >= 0 && uint32_t(last_dot) < start) last_dot = -1;
  auto shorten = [](uint16_t c) -> uint8_t {
    c = upper(c);
    return valid_short(c) ? uint8_t(c) : uint8_t('_');
  };
  uint32_t base_end = last_dot >= 0 ? uint32_t(last_dot) : name.length;
  uint32_t n = 0;
  for (uint32_t i = start; i < base_end && n < 8; ++i) {
    if (name.chars[i] == ' ' || name.chars[i] == '.') continue;
    out[n++] = shorten(name.chars[i]);
  }
  if (n == 0) out[n++] = '_';
  if (last_dot >= 0) {
    uint32_t e = 8;
    for (uint32_t i = uint32_t(last_dot) + 1; i < name.length && e < 11; ++i) {
      if (name.chars[i] == ' ') continue;
      out[e++] = shorten(name.chars[i]);
    }
  }
}

void alias_with_tail(const uint8_t* basis, uint32_t n, uint8_t* out) {
  memcpy(out, basis, 11);
  char tail[8];
  uint32_t digits = 0;
  char reversed[7];
  for (uint32_t v = n; v > 0 && digits < 6; v /= 10) reversed[digits++] = char('0' + v % 10);
  tail[0] = '~';
  for (uint32_t i = 0; i < digits; ++i) tail[1 + i] = reversed[digits - 1 - i];
  uint32_t tail_length = digits + 1;
  uint32_t base_length = 8;
  while (base_length > 0 && basis[base_length - 1] == ' ') --base_length;
  uint32_t keep = base_length < 8 - tail_length ? base_length : 8 - tail_length;
  memset(out, ' ', 8);
  memcpy(out, basis, keep);
  memcpy(out + keep, tail, tail_length);
}

}  // namespace fatfs
