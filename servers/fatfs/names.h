// FAT names: long names as UCS-2 (what LFN entries hold), the 8.3 short
// names every entry has, the aliases made for long names (the
// specification's "basis name" with a ~N numeric tail), and the checksum
// that ties LFN entries to their short entry.
#pragma once

#include <cstdint>
#include <string_view>

#include "result.h"

namespace fatfs {

constexpr uint32_t kMaxNameChars = 255;                // UCS-2 characters of a long name
constexpr uint32_t kMaxNameBytes = kMaxNameChars * 3;  // as UTF-8

struct LongName {
  uint16_t chars[kMaxNameChars];
  uint32_t length = 0;
};

// A name given by a client: UTF-8 to UCS-2. NameTooLong past 255
// characters; InvalidArgument for bad UTF-8, characters outside UCS-2,
// control characters, the ones FAT forbids (" * / : < > ? \ |), "." and
// "..", and a trailing dot or space (Windows would drop them).
Result<LongName> name_from_utf8(std::string_view text);
// UCS-2 to UTF-8 in out (kMaxNameBytes + 1 bytes): the length.
uint32_t name_to_utf8(const LongName& name, char* out);
// ASCII letters compare without case, as FAT looks names up.
bool same_name(const LongName& a, const LongName& b);

// The short name of a 32-byte entry as text ("README.TXT"), honouring the
// lower-case flags Windows NT sets in byte 12.
LongName short_name_text(const uint8_t* entry);
// same_name(short_name_text(entry), name), without building the text: a
// directory scan asks it of every entry.
bool short_name_is(const uint8_t* entry, const LongName& name);
uint8_t lfn_checksum(const uint8_t* short_name);

// When name is a valid upper-case 8.3 name, its 11-byte form; no LFN
// entries are needed then.
bool exact_short_name(const LongName& name, uint8_t* out11);
// The alias basis for a long name (11 bytes, space padded).
void alias_basis(const LongName& name, uint8_t* out11);
// basis with the tail ~n (1 <= n <= 999999), cutting the base to fit.
void alias_with_tail(const uint8_t* basis, uint32_t n, uint8_t* out11);

}  // namespace fatfs
