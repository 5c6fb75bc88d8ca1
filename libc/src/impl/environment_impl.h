// setenv, unsetenv and putenv's body, as inline code in tessera::libc for
// environment.cc and the host tests. The environment starts as the array
// main's envp points to (which the program must not outgrow); the first
// change copies it into an array this class owns and grows. setenv's
// strings are freed when they are replaced or unset (POSIX lets that
// invalidate what getenv returned), so a shell that exports in a loop does
// not grow.
#pragma once

#include <errno.h>
#include <stdlib.h>
#include <string.h>

namespace tessera::libc {

class Environment {
 public:
  constexpr explicit Environment(char**& variables) : variables_(variables) {}
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;
  ~Environment() {
    for (size_t i = 0; i < allocated_count_; ++i) free(allocated_[i]);
    free(allocated_);
    free(owned_);
  }

  // 0, or -1 with errno EINVAL (bad name) or ENOMEM.
  int set(const char* name, const char* value, bool overwrite) {
    if (!valid_name(name)) return fail(EINVAL);
    char** slot = find(name);
    if (slot && !overwrite) return 0;
    size_t name_length = strlen(name);
    size_t value_length = strlen(value);
    auto* entry = static_cast<char*>(malloc(name_length + value_length + 2));
    if (!entry) return fail(ENOMEM);
    memcpy(entry, name, name_length);
    entry[name_length] = '=';
    memcpy(entry + name_length + 1, value, value_length + 1);
    if (!remember(entry) || store(name, entry) != 0) {
      forget(entry);
      free(entry);
      return -1;
    }
    return 0;
  }

  int unset(const char* name) {
    if (!valid_name(name)) return fail(EINVAL);
    if (!find(name)) return 0;
    if (!own()) return fail(ENOMEM);
    char** out = variables_;
    for (char** in = variables_; *in; ++in) {
      if (!matches(*in, name)) *out++ = *in;
      else release(*in);
    }
    *out = nullptr;
    return 0;
  }

  // entry ("NAME=value") becomes part of the environment itself; without
  // an '=' it removes NAME, as glibc does.
  int put(char* entry) {
    if (!strchr(entry, '=')) return unset(entry);
    if (entry[0] == '=') return fail(EINVAL);
    return store(entry, entry);
  }

 private:
  static bool valid_name(const char* name) { return name && *name && !strchr(name, '='); }

  static int fail(int error) {
    errno = error;
    return -1;
  }

  // entry is "NAME=..." and name is NAME (ended by '=' or NUL).
  static bool matches(const char* entry, const char* name) {
    while (*name && *name != '=' && *name == *entry) ++name, ++entry;
    return (!*name || *name == '=') && *entry == '=';
  }

  char** find(const char* name) {
    if (!variables_) return nullptr;
    for (char** e = variables_; *e; ++e) {
      if (matches(*e, name)) return e;
    }
    return nullptr;
  }

  // Replaces NAME's entry or appends one.
  int store(const char* name, char* entry) {
    if (!own()) return fail(ENOMEM);
    if (char** slot = find(name)) {
      if (*slot != entry) release(*slot);
      *slot = entry;
      return 0;
    }
    size_t count = 0;
    while (variables_[count]) ++count;
    if (count + 1 == capacity_) {
      auto* grown = static_cast<char**>(realloc(owned_, 2 * capacity_ * sizeof(char*)));
      if (!grown) return fail(ENOMEM);
      owned_ = variables_ = grown;
      capacity_ *= 2;
    }
    variables_[count] = entry;
    variables_[count + 1] = nullptr;
    return 0;
  }

  // Makes variables_ an array this class allocated (again, if the program
  // assigned environ an array of its own).
  bool own() {
    if (variables_ && variables_ == owned_) return true;
    size_t count = 0;
    while (variables_ && variables_[count]) ++count;
    size_t capacity = count + 8;
    auto* copy = static_cast<char**>(malloc(capacity * sizeof(char*)));
    if (!copy) return false;
    for (size_t i = 0; i < count; ++i) copy[i] = variables_[i];
    copy[count] = nullptr;
    free(owned_);
    owned_ = variables_ = copy;
    capacity_ = capacity;
    return true;
  }

  // Records entry as one of setenv's strings.
  bool remember(char* entry) {
    if (allocated_count_ == allocated_capacity_) {
      size_t capacity = allocated_capacity_ ? 2 * allocated_capacity_ : 8;
      auto* grown = static_cast<char**>(realloc(allocated_, capacity * sizeof(char*)));
      if (!grown) return false;
      allocated_ = grown;
      allocated_capacity_ = capacity;
    }
    allocated_[allocated_count_++] = entry;
    return true;
  }

  // Drops entry from setenv's strings; returns whether it was one.
  bool forget(char* entry) {
    for (size_t i = 0; i < allocated_count_; ++i) {
      if (allocated_[i] == entry) {
        allocated_[i] = allocated_[--allocated_count_];
        return true;
      }
    }
    return false;
  }

  // An entry leaves the environment: free it if setenv made it.
  void release(char* entry) {
    if (forget(entry)) free(entry);
  }

  char**& variables_;
  char** owned_ = nullptr;
  size_t capacity_ = 0;
  char** allocated_ = nullptr;  // the strings setenv made
  size_t allocated_count_ = 0;
  size_t allocated_capacity_ = 0;
};

}  // namespace tessera::libc
