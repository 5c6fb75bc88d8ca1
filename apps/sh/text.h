// Text and Vec: the shell's own growable string and array. The target has
// only GCC's freestanding headers (no std::string or std::vector), so these
// sit on malloc. Running out of memory ends the shell (out_of_memory()):
// there is no useful way for a half-built command to go on.
#pragma once

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <new>
#include <utility>

namespace sh {

[[noreturn]] void out_of_memory();

class Text {
 public:
  Text() = default;
  Text(const char* text) { append(text); }  // NOLINT: a literal is a Text
  Text(const char* text, size_t length) { append(text, length); }
  Text(const Text& other) { append(other.data_, other.size_); }
  Text(Text&& other) noexcept { swap(other); }
  Text& operator=(Text other) {
    swap(other);
    return *this;
  }
  ~Text() { free(data_); }

  const char* c_str() const { return data_ ? data_ : ""; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  char operator[](size_t i) const { return data_[i]; }
  char back() const { return data_[size_ - 1]; }
  bool operator==(const char* other) const { return strcmp(c_str(), other) == 0; }

  void push(char c) { append(&c, 1); }
  void append(const char* text) { append(text, strlen(text)); }
  void append(const Text& text) { append(text.data_, text.size_); }
  void append(const char* text, size_t length);
  void pop() { data_[--size_] = '\0'; }
  void clear() {
    size_ = 0;
    if (data_) data_[0] = '\0';
  }

 private:
  void swap(Text& other) {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

  char* data_ = nullptr;  // NUL-terminated once anything was appended
  size_t size_ = 0;
  size_t capacity_ = 0;
};

template <typename T>
class Vec {
 public:
  Vec() = default;
  Vec(const Vec&) = delete;
  Vec& operator=(const Vec&) = delete;
  Vec(Vec&& other) noexcept { swap(other); }
  Vec& operator=(Vec&& other) noexcept {
    clear();
    swap(other);
    return *this;
  }
  ~Vec() {
    clear();
    free(items_);
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](size_t i) { return items_[i]; }
  const T& operator[](size_t i) const { return items_[i]; }
  T& back() { return items_[size_ - 1]; }
  T* begin() { return items_; }
  T* end() { return items_ + size_; }
  const T* begin() const { return items_; }
  const T* end() const { return items_ + size_; }

  T& push(T item) {
    if (size_ == capacity_) grow();
    return *new (&items_[size_++]) T(std::move(item));
  }
  void pop() { items_[--size_].~T(); }
  void remove(size_t i) {
    for (; i + 1 < size_; ++i) items_[i] = std::move(items_[i + 1]);
    pop();
  }
  void clear() {
    while (size_ > 0) pop();
  }

 private:
  void grow() {
    size_t capacity = capacity_ ? capacity_ * 2 : 4;
    T* items = static_cast<T*>(malloc(capacity * sizeof(T)));
    if (!items) out_of_memory();
    for (size_t i = 0; i < size_; ++i) {
      new (&items[i]) T(std::move(items_[i]));
      items_[i].~T();
    }
    free(items_);
    items_ = items;
    capacity_ = capacity;
  }
  void swap(Vec& other) {
    std::swap(items_, other.items_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

  T* items_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace sh
