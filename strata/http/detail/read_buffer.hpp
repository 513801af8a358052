// read_buffer: the connection's input bytes, [begin, end) unread. It starts small (idle connections
// are cheap) and doubles when a message needs more room, up to a cap set by the limits.
#pragma once
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace strata::http::detail {

class read_buffer {
public:
  static constexpr std::size_t initial = 1024;

  char* base() { return data_.get() + begin_; }              // first unread byte
  std::size_t size() const { return end_ - begin_; }         // unread bytes
  std::string_view view() const { return {data_.get() + begin_, end_ - begin_}; }
  void consume(std::size_t n) {
    begin_ += n;
    if (begin_ == end_) begin_ = end_ = 0;
  }
  // Room to read into, after moving unread bytes to the front and growing up to max_capacity.
  // Returns false when full at max_capacity.
  bool prepare(std::size_t max_capacity) {
    if (!data_) allocate(initial);
    if (begin_ > 0) {
      std::memmove(data_.get(), data_.get() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (cap_ - end_ >= 512 || (end_ < cap_ && cap_ >= max_capacity)) return true;
    if (cap_ >= max_capacity) return false;
    std::size_t n = cap_ * 2 < max_capacity ? cap_ * 2 : max_capacity;
    auto bigger = std::make_unique_for_overwrite<char[]>(n);
    std::memcpy(bigger.get(), data_.get(), end_);
    data_ = std::move(bigger);
    cap_ = n;
    return true;
  }
  char* tail() { return data_.get() + end_; }
  std::size_t room() const { return cap_ - end_; }
  void commit(std::size_t n) { end_ += n; }
  // Gives back a large buffer once the connection is idle, so one big upload does not pin memory.
  void shrink_if_idle() {
    if (begin_ == end_ && cap_ > 4 * initial) {
      data_.reset();
      cap_ = begin_ = end_ = 0;
    }
  }

private:
  void allocate(std::size_t n) {
    data_ = std::make_unique_for_overwrite<char[]>(n);
    cap_ = n;
  }
  std::unique_ptr<char[]> data_;
  std::size_t cap_ = 0;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

}  // namespace strata::http::detail
