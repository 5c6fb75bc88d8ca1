// Pathname expansion: patterns of * ? and [...] matched against the
// directory tree, one path component at a time. In a pattern, a backslash
// makes the next character literal (expansion escapes quoted * ? [ and
// backslashes this way). A name starting with "." matches only a pattern
// component starting with ".".
#pragma once

#include "text.h"

namespace sh {

// Whether name matches pattern (one component: / is not special here).
bool pattern_matches(const char* pattern, const char* name);
// value without its shortest (longest) prefix, or suffix, that pattern
// matches; value itself if none does.
Text trim_match(const Text& value, const char* pattern, bool suffix, bool longest);
// Whether pattern has an unescaped * ? or [ (else it names one path).
bool has_glob_characters(const char* pattern);
// Appends the paths that match pattern, sorted; returns how many.
size_t glob(const char* pattern, Vec<Text>& paths);
// pattern with its escaping backslashes removed.
Text unescape_pattern(const char* pattern);

}  // namespace sh
