// raw_writer: fills a std::string through a pointer after one resize to an upper bound, for a
// log line whose shape is fixed (the request line): no capacity check or call per fragment.
#pragma once
#include <strata/log/detail/json_writer.hpp>

#include <charconv>
#include <chrono>
#include <cstring>
#include <string>
#include <string_view>

namespace strata::log::detail {

class raw_writer {
public:
  // Room for `bound` more bytes; whoever writes must stay within it.
  raw_writer(std::string& out, std::size_t bound) : out_(out), start_(out.size()) {
    out_.resize(start_ + bound);
    p_ = out_.data() + start_;
  }
  raw_writer(const raw_writer&) = delete;
  raw_writer& operator=(const raw_writer&) = delete;
  ~raw_writer() { out_.resize(static_cast<std::size_t>(p_ - out_.data())); }

  // A literal: its size is known at compile time, so the copy is a few moves.
  template <std::size_t N>
  void literal(const char (&s)[N]) {
    std::memcpy(p_, s, N - 1);
    p_ += N - 1;
  }
  void raw(std::string_view s) {
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  void string(std::string_view s) { p_ = write_json_string(p_, s); }  // needs max_json_string_size
  void number(std::int64_t n) { p_ = std::to_chars(p_, p_ + 20, n).ptr; }  // needs 20
  // Milliseconds with three decimals (write_millis); needs max_millis_size.
  void millis(std::chrono::nanoseconds d) { p_ = write_millis(p_, d); }

private:
  std::string& out_;
  std::size_t start_;
  char* p_;
};

}  // namespace strata::log::detail
