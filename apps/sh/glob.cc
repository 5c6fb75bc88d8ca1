#include "glob.h"

#include <dirent.h>
#include <sys/stat.h>

namespace sh {

namespace {

// Matches a bracket expression at pattern (just after "["); sets *next past
// its "]". False in *valid when there is no closing "]" (then "[" is literal).
bool bracket_matches(const char* pattern, char c, const char** next, bool* valid) {
  bool negated = *pattern == '!' || *pattern == '^';
  if (negated) ++pattern;
  bool matched = false;
  const char* at = pattern;
  // A "]" first in the set is a member, not the end.
  do {
    char low = *at;
    if (low == '\\' && at[1]) low = *++at;
    if (low == '\0') {
      *valid = false;
      return false;
    }
    char high = low;
    if (at[1] == '-' && at[2] && at[2] != ']') {
      at += 2;
      high = *at;
      if (high == '\\' && at[1]) high = *++at;
    }
    matched = matched || (low <= c && c <= high);
    ++at;
  } while (*at != ']');
  *next = at + 1;
  *valid = true;
  return matched != negated;
}

bool matches(const char* pattern, const char* name) {
  for (;;) {
    char p = *pattern;
    if (p == '\0') return *name == '\0';
    if (p == '*') {
      while (*pattern == '*') ++pattern;
      if (*pattern == '\0') return true;
      for (const char* rest = name; *rest; ++rest) {
        if (matches(pattern, rest)) return true;
      }
      return false;
    }
    if (*name == '\0') return false;
    if (p == '?') {
      ++pattern;
    } else if (p == '[') {
      const char* next = nullptr;
      bool valid = false;
      bool in_set = bracket_matches(pattern + 1, *name, &next, &valid);
      if (valid) {
        if (!in_set) return false;
        pattern = next;
      } else {
        if (*name != '[') return false;
        ++pattern;
      }
    } else {
      if (p == '\\' && pattern[1]) p = *++pattern;
      if (p != *name) return false;
      ++pattern;
    }
    ++name;
  }
}

// Insertion sort: directories are small, and Text moves are cheap.
void sort(Vec<Text>& texts) {
  for (size_t i = 1; i < texts.size(); ++i) {
    Text item = static_cast<Text&&>(texts[i]);
    size_t j = i;
    for (; j > 0 && strcmp(texts[j - 1].c_str(), item.c_str()) > 0; --j) texts[j] = static_cast<Text&&>(texts[j - 1]);
    texts[j] = static_cast<Text&&>(item);
  }
}

bool exists(const char* path) {
  struct stat info;
  return lstat(path, &info) == 0;
}

// Expands the components of pattern from component on, below directory
// prefix (which is "" or ends in "/").
void expand_from(const Text& prefix, const char* component, Vec<Text>& paths) {
  const char* slash = strchr(component, '/');
  size_t length = slash ? static_cast<size_t>(slash - component) : strlen(component);
  Text part(component, length);
  if (!has_glob_characters(part.c_str())) {
    Text path = prefix;
    path.append(unescape_pattern(part.c_str()));
    if (!slash) {
      if (exists(path.c_str())) paths.push(static_cast<Text&&>(path));
      return;
    }
    path.push('/');
    expand_from(path, slash + 1, paths);
    return;
  }
  DIR* directory = opendir(prefix.empty() ? "." : prefix.c_str());
  if (!directory) return;
  Vec<Text> names;
  while (dirent* entry = readdir(directory)) {
    const char* name = entry->d_name;
    if (name[0] == '.' && part[0] != '.') continue;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
    if (pattern_matches(part.c_str(), name)) names.push(Text(name));
  }
  closedir(directory);
  for (const Text& name : names) {
    Text path = prefix;
    path.append(name);
    if (!slash) {
      paths.push(static_cast<Text&&>(path));
    } else {
      path.push('/');
      // Only directories have something below them.
      if (slash[1] == '\0') {
        struct stat info;
        if (stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) paths.push(static_cast<Text&&>(path));
      } else {
        expand_from(path, slash + 1, paths);
      }
    }
  }
}

}  // namespace

bool pattern_matches(const char* pattern, const char* name) { return matches(pattern, name); }

Text trim_match(const Text& value, const char* pattern, bool suffix, bool longest) {
  size_t size = value.size();
  // Candidate cut points, the shortest piece first unless longest.
  for (size_t step = 0; step <= size; ++step) {
    size_t piece = longest ? size - step : step;
    size_t cut = suffix ? size - piece : piece;
    Text part = suffix ? Text(value.c_str() + cut) : Text(value.c_str(), cut);
    if (!matches(pattern, part.c_str())) continue;
    return suffix ? Text(value.c_str(), cut) : Text(value.c_str() + cut);
  }
  return value;
}

bool has_glob_characters(const char* pattern) {
  for (const char* at = pattern; *at; ++at) {
    if (*at == '\\' && at[1]) {
      ++at;
    } else if (*at == '*' || *at == '?' || *at == '[') {
      return true;
    }
  }
  return false;
}

Text unescape_pattern(const char* pattern) {
  Text text;
  for (const char* at = pattern; *at; ++at) {
    if (*at == '\\' && at[1]) ++at;
    text.push(*at);
  }
  return text;
}

size_t glob(const char* pattern, Vec<Text>& paths) {
  Vec<Text> found;
  if (pattern[0] == '/') {
    expand_from(Text("/"), pattern + 1, found);
  } else {
    expand_from(Text(), pattern, found);
  }
  sort(found);
  for (Text& path : found) paths.push(static_cast<Text&&>(path));
  return found.size();
}

}  // namespace sh
