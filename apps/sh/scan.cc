#include "scan.h"

#include <string.h>

namespace sh {

namespace {

// Skips one quoted piece at at ('...', "...", \x); returns where it ends
// (just past it), at itself when no quote starts there, or null.
const char* skip_quoted(const char* at) {
  if (*at == '\\') return at[1] ? at + 2 : nullptr;
  if (*at == '\'') {
    const char* close = strchr(at + 1, '\'');
    return close ? close + 1 : nullptr;
  }
  if (*at != '"') return at;
  for (++at; *at != '"'; ++at) {
    if (*at == '\0') return nullptr;
    if (*at == '\\' && at[1]) ++at;
    else if (*at == '$' && at[1] == '(') at = matching_parenthesis(at + 1);
    else if (*at == '`') at = matching_backquote(at);
    if (!at) return nullptr;
  }
  return at + 1;
}

// Whether the word at at is word, followed by a blank or an operator.
bool starts_word(const char* at, const char* word) {
  size_t length = strlen(word);
  return strncmp(at, word, length) == 0 && strchr(" \t\n;&|()", at[length]) && at[length] != '\0';
}

}  // namespace

const char* matching_parenthesis(const char* open) {
  int depth = 0;
  int cases = 0;              // case commands open at depth 1: their patterns end in a lone )
  char before = '(';          // the last character other than a blank
  for (const char* at = open; *at;) {
    const char* after = skip_quoted(at);
    if (!after) return nullptr;
    if (after != at) {
      at = after;
      before = 'x';
      continue;
    }
    if (*at == '`') {
      at = matching_backquote(at);
      if (!at) return nullptr;
    } else if (*at == '(') {
      ++depth;
    } else if (*at == ')' && depth == 1 && cases > 0) {
      // a pattern's ), not the end
    } else if (*at == ')' && --depth == 0) {
      return at;
    } else if (depth == 1 && strchr("(;&|\n", before) && starts_word(at, "case")) {
      ++cases;
    } else if (depth == 1 && cases > 0 && strchr("(;&|\n", before) && starts_word(at, "esac")) {
      --cases;
    }
    if (*at != ' ' && *at != '\t') before = *at;
    ++at;
  }
  return nullptr;
}

const char* matching_backquote(const char* open) {
  for (const char* at = open + 1; *at; ++at) {
    if (*at == '\\' && at[1]) ++at;
    else if (*at == '`') return at;
  }
  return nullptr;
}

}  // namespace sh
