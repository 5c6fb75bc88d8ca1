#include "line_pattern.h"

#include <ctype.h>
#include <new>
#include <stdlib.h>
#include <string.h>

namespace coreutils {

LinePattern::~LinePattern() {
  for (size_t i = 0; i < count_; ++i) {
    free(alternatives_[i].fixed);
    if (alternatives_[i].bre) {
      alternatives_[i].bre->~Bre();
      free(alternatives_[i].bre);
    }
  }
  free(alternatives_);
}

bool LinePattern::add(const char* text, bool fixed, bool ignore_case) {
  fixed_ = fixed;
  ignore_case_ = ignore_case;
  for (;;) {
    const char* newline = strchr(text, '\n');
    size_t length = newline ? size_t(newline - text) : strlen(text);
    if (!add_one(text, length)) return false;
    if (!newline) return true;
    text = newline + 1;
  }
}

bool LinePattern::add_one(const char* text, size_t length) {
  Alternative* grown = static_cast<Alternative*>(realloc(alternatives_, (count_ + 1) * sizeof(Alternative)));
  if (!grown) {
    error_ = "out of memory";
    return false;
  }
  alternatives_ = grown;
  Alternative& a = alternatives_[count_];
  a = Alternative{nullptr, length, nullptr};
  a.fixed = static_cast<char*>(malloc(length + 1));
  if (!a.fixed) {
    error_ = "out of memory";
    return false;
  }
  memcpy(a.fixed, text, length);
  a.fixed[length] = '\0';
  ++count_;  // from here the destructor frees it
  if (fixed_) return true;
  void* room = malloc(sizeof(Bre));
  if (!room) {
    error_ = "out of memory";
    return false;
  }
  a.bre = new (room) Bre();
  if (!a.bre->compile(a.fixed, ignore_case_)) {
    error_ = a.bre->error();
    return false;
  }
  free(a.fixed);
  a.fixed = nullptr;
  return true;
}

bool LinePattern::contains(const Alternative& a, const char* line, size_t length) const {
  if (a.bre) return a.bre->search(line, length);
  if (a.fixed_length > length) return false;
  for (size_t start = 0; start + a.fixed_length <= length; ++start) {
    size_t i = 0;
    while (i < a.fixed_length) {
      unsigned char x = static_cast<unsigned char>(line[start + i]);
      unsigned char y = static_cast<unsigned char>(a.fixed[i]);
      if (x != y && !(ignore_case_ && tolower(x) == tolower(y))) break;
      ++i;
    }
    if (i == a.fixed_length) return true;
  }
  return false;
}

bool LinePattern::matches(const char* line, size_t length) const {
  for (size_t i = 0; i < count_; ++i) {
    if (contains(alternatives_[i], line, length)) return true;
  }
  return false;
}

}  // namespace coreutils
