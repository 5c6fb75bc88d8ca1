// Starting programs: where a command name runs from ($PATH), and the
// argv/envp arrays posix_spawn takes.
#pragma once

#include "text.h"

namespace sh {

constexpr int kNotFound = 127;
constexpr int kNotExecutable = 126;

// Where the program name runs from: name itself when it has a "/", else
// the first directory of $PATH (search_path; null: /bin:/usr/bin) holding
// it. Sets *status to 127 when there is no such file and to 126 when the
// file found is no program, having said so.
bool find_program(const char* name, const Text* search_path, Text& path, int* status);

// The file name is, in path: name itself when it has a "/", else the first
// non-directory of that name in $PATH's directories (search_path; null:
// /bin:/usr/bin) that access() allows mode on. False if there is none.
bool search_path(const char* name, const Text* search_path, int mode, Text& path);
// Appends the file at path to text; false (errno set) if it cannot be read.
bool read_file(const char* path, Text& text);

// A null-terminated char* array over texts (which must outlive it).
class CStrings {
 public:
  explicit CStrings(const Vec<Text>& texts) {
    for (const Text& text : texts) pointers_.push(const_cast<char*>(text.c_str()));
    pointers_.push(nullptr);
  }
  char* const* get() { return pointers_.begin(); }

 private:
  Vec<char*> pointers_;
};

}  // namespace sh
