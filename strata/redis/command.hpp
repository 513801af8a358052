// redis::command_args: a command encoded as a RESP array of bulk strings, built when the call is
// made (not when it is awaited), so arguments may be temporaries.
#pragma once
#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace strata::redis {

class command_args {
 public:
  command_args() = default;
  template <class... Args>
  requires(sizeof...(Args) > 0 &&
           (!std::is_same_v<std::remove_cvref_t<Args>, command_args> && ...)) explicit command_args(Args&&... args) {
    body_.reserve(16 * sizeof...(args));
    (arg(args), ...);
  }

  // Adds one argument: text (string_view, string, const char*), an integer or a floating point value.
  command_args& arg(std::string_view s) {
    ++count_;
    append_bulk(s);
    return *this;
  }
  template <std::integral I>
  requires(!std::is_same_v<I, bool> && !std::is_same_v<I, char>) command_args& arg(I v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return arg(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
  }
  command_args& arg(double v);
  template <class Range>
  requires requires(const Range& r) { std::string_view(*std::begin(r)); }
  command_args& args(const Range& values) {
    for (const auto& v : values) arg(std::string_view(v));
    return *this;
  }

  // Appends the arguments of `other` after these.
  command_args& append(const command_args& other) {
    count_ += other.count_;
    body_ += other.body_;
    return *this;
  }

  std::size_t size() const noexcept { return count_; }
  // The RESP encoding: *N\r\n then each argument as $len\r\n...\r\n.
  void append_to(std::string& out) const;
  std::string encoded() const;
  // The first argument (the command name), for error messages.
  std::string_view name() const;

 private:
  void append_bulk(std::string_view s);

  std::size_t count_ = 0;
  std::string body_;  // the arguments, encoded; the *N header is written by append_to
};

}  // namespace strata::redis
