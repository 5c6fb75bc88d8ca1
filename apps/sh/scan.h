// Finding where a nested piece of shell text ends: $(...) and `...`. The
// lexer uses this to keep a command substitution inside its word, and
// expansion to cut it out again. Quotes and backslashes inside are skipped,
// and parentheses counted, so `$(echo ")")` ends at the last ")"; a case
// command in it (where a command starts) has its patterns' ")" skipped.
#pragma once

namespace sh {

// open points at a "(": where the matching ")" is, or null when the text
// ends first.
const char* matching_parenthesis(const char* open);
// open points at a "`": where the closing "`" is, or null.
const char* matching_backquote(const char* open);

}  // namespace sh
