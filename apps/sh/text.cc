#include "text.h"

#include <unistd.h>

namespace sh {

void out_of_memory() {
  static const char kMessage[] = "sh: out of memory\n";
  (void)!write(2, kMessage, sizeof kMessage - 1);
  _exit(2);
}

void Text::append(const char* text, size_t length) {
  if (length == 0) return;
  if (size_ + length + 1 > capacity_) {
    size_t capacity = capacity_ ? capacity_ : 16;
    while (capacity < size_ + length + 1) capacity *= 2;
    char* data = static_cast<char*>(realloc(data_, capacity));
    if (!data) out_of_memory();
    data_ = data;
    capacity_ = capacity;
  }
  memcpy(data_ + size_, text, length);
  size_ += length;
  data_[size_] = '\0';
}

}  // namespace sh
