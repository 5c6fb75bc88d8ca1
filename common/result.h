// Result<T>: a value or an abi::Error, the kernel's and libraries' way of
// returning failure without exceptions. Freestanding, header-only.
#pragma once

#include <new>
#include <type_traits>
#include <utility>

#include "abi/error.h"

using abi::Error;

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : ok_(true) { new (&value_) T(value); }
  Result(T&& value) : ok_(true) { new (&value_) T(std::move(value)); }
  Result(Error error) : ok_(false), error_(error) {}
  Result(const Result& other) : ok_(other.ok_) {
    if (ok_) new (&value_) T(other.value_); else error_ = other.error_;
  }
  Result& operator=(const Result&) = delete;
  ~Result() { if (ok_) value_.~T(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  Error error() const { return ok_ ? Error::Ok : error_; }
  T& value() { return value_; }
  const T& value() const { return value_; }
  T& operator*() { return value_; }
  T* operator->() { return &value_; }
  const T* operator->() const { return &value_; }

 private:
  bool ok_;
  union {
    T value_;
    Error error_;
  };
};

// Status: a Result with no value.
class [[nodiscard]] Status {
 public:
  Status() : error_(Error::Ok) {}
  Status(Error error) : error_(error) {}
  bool ok() const { return error_ == Error::Ok; }
  explicit operator bool() const { return ok(); }
  Error error() const { return error_; }

 private:
  Error error_;
};

// Propagate a failure: TRY(expr) returns the error from the enclosing function.
#define TRY(expr)                                  \
  do {                                             \
    auto try_result_ = (expr);                     \
    if (!try_result_.ok()) return try_result_.error(); \
  } while (0)
