// A fixed-capacity natural number in binary, for strtod's exact
// arithmetic: big enough for any decimal input strtold accepts after the
// 800-digit cut (10^5800 and a 19,500-bit scaled numerator).
#pragma once

#include <stdint.h>

namespace tessera::libc {

class BigInteger {
 public:
  static constexpr int kCapacity = 640;  // 32-bit limbs: 20,480 bits

  bool is_zero() const { return count_ == 0; }

  int bit_length() const {
    if (count_ == 0) return 0;
    return (count_ - 1) * 32 + (32 - __builtin_clz(limbs_[count_ - 1]));
  }

  // this = this * factor + addend
  void multiply_add(uint32_t factor, uint32_t addend) {
    uint64_t carry = addend;
    for (int i = 0; i < count_; ++i) {
      uint64_t product = uint64_t{limbs_[i]} * factor + carry;
      limbs_[i] = static_cast<uint32_t>(product);
      carry = product >> 32;
    }
    if (carry) limbs_[count_++] = static_cast<uint32_t>(carry);
  }

  void multiply_by_power_of_ten(int power) {
    for (; power >= 9; power -= 9) multiply_add(1000000000, 0);
    uint32_t rest = 1;
    for (; power > 0; --power) rest *= 10;
    multiply_add(rest, 0);
  }

  void shift_left(int bits) {
    if (count_ == 0 || bits == 0) return;
    int words = bits / 32;
    int shift = bits % 32;
    limbs_[count_ + words] = 0;
    for (int i = count_ - 1; i >= 0; --i) {
      uint64_t wide = uint64_t{limbs_[i]} << shift;
      limbs_[i + words + 1] |= static_cast<uint32_t>(wide >> 32);
      limbs_[i + words] = static_cast<uint32_t>(wide);
    }
    for (int i = 0; i < words; ++i) limbs_[i] = 0;
    count_ += words + 1;
    trim();
  }

  // Returns whether any 1 bit was shifted out.
  bool shift_right(int bits) {
    int words = bits / 32;
    int shift = bits % 32;
    if (words >= count_) {
      bool lost = count_ != 0;
      count_ = 0;
      return lost;
    }
    bool lost = false;
    for (int i = 0; i < words; ++i) lost |= limbs_[i] != 0;
    lost |= (limbs_[words] & ((uint32_t{1} << shift) - 1)) != 0;
    for (int i = words; i < count_; ++i) {
      uint64_t wide = limbs_[i] | (i + 1 < count_ ? uint64_t{limbs_[i + 1]} << 32 : 0);
      limbs_[i - words] = static_cast<uint32_t>(wide >> shift);
    }
    count_ -= words;
    trim();
    return lost;
  }

  int compare(const BigInteger& other) const {
    if (count_ != other.count_) return count_ < other.count_ ? -1 : 1;
    for (int i = count_ - 1; i >= 0; --i) {
      if (limbs_[i] != other.limbs_[i]) return limbs_[i] < other.limbs_[i] ? -1 : 1;
    }
    return 0;
  }

  // this -= other; other must not be larger.
  void subtract(const BigInteger& other) {
    int64_t borrow = 0;
    for (int i = 0; i < count_; ++i) {
      int64_t difference = int64_t{limbs_[i]} - (i < other.count_ ? other.limbs_[i] : 0) - borrow;
      borrow = difference < 0;
      limbs_[i] = static_cast<uint32_t>(difference + (borrow << 32));
    }
    trim();
  }

  unsigned __int128 low_bits() const {
    unsigned __int128 value = 0;
    for (int i = count_ < 4 ? count_ - 1 : 3; i >= 0; --i) value = (value << 32) | limbs_[i];
    return value;
  }

 private:
  void trim() {
    while (count_ > 0 && limbs_[count_ - 1] == 0) --count_;
  }

  uint32_t limbs_[kCapacity + 2];
  int count_ = 0;
};

}  // namespace tessera::libc
