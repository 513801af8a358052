// json_writer: appends JSON text to a std::string without building values first, for the log
// record's hot path. Strings are escaped per RFC 8259; invalid UTF-8 becomes U+FFFD so every line
// stays parseable; non-finite numbers become null (as JSON.stringify does).
#pragma once
#include <boost/json/fwd.hpp>

#include <cstddef>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace strata::log::detail {

// Appends `s` as a quoted JSON string.
void append_json_string(std::string& out, std::string_view s);
// Writes `s` as a quoted JSON string at `p`, which has room for max_json_string_size(s.size())
// bytes; returns the end. For writers that reserve once and then fill a buffer directly.
char* write_json_string(char* p, std::string_view s);
constexpr std::size_t max_json_string_size(std::size_t n) { return 6 * n + 2; }  // every byte as \u00XX
void append_json_number(std::string& out, std::int64_t n);
void append_json_number(std::string& out, std::uint64_t n);
void append_json_number(std::string& out, double d);
// `d` with exactly `decimals` digits after the point ("1.250"); null when not finite.
void append_json_fixed(std::string& out, double d, int decimals);
// A duration as milliseconds with three decimals ("12.345"), rounded to the microsecond, at `p`,
// which has room for max_millis_size bytes; returns the end. Integer arithmetic: formatting a
// double with a fixed precision cost more than the rest of a request line.
inline constexpr std::size_t max_millis_size = 24;
char* write_millis(char* p, std::chrono::nanoseconds d);

class json_writer {
public:
  // `open_object`: the caller has already written '{' and `has_members` says whether members follow
  // it, so a record's fixed prefix can be written raw and the writer continue after it.
  explicit json_writer(std::string& out) : out_(out) {}
  json_writer(std::string& out, bool open_object, bool has_members) : out_(out) {
    if (open_object) {
      depth_ = 1;
      if (!has_members) first_ |= 1u;
    }
  }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  void key(std::string_view k) {
    if (!(first_ >> (depth_ - 1) & 1u)) out_ += ',';
    first_ &= ~(1ull << (depth_ - 1));
    append_json_string(out_, k);
    out_ += ':';
    after_key_ = true;
  }
  void string(std::string_view s) {
    separate();
    append_json_string(out_, s);
  }
  void number(std::int64_t n) {
    separate();
    append_json_number(out_, n);
  }
  void number(std::uint64_t n) {
    separate();
    append_json_number(out_, n);
  }
  void number(int n) { number(static_cast<std::int64_t>(n)); }
  void number(double d) {
    separate();
    append_json_number(out_, d);
  }
  void fixed(double d, int decimals) {
    separate();
    append_json_fixed(out_, d, decimals);
  }
  void boolean(bool b) {
    separate();
    out_ += b ? "true" : "false";
  }
  void null() {
    separate();
    out_ += "null";
  }
  // A value already serialized as JSON.
  void raw(std::string_view json) {
    separate();
    out_ += json;
  }
  // A boost::json value, every string escaped by append_json_string.
  void value(const boost::json::value& v);

  std::string& out() { return out_; }
  int depth() const { return depth_; }

  // Deeper containers than this are written as the string "[Max depth]": user values may be
  // arbitrarily nested and a log call must not overflow the stack.
  static constexpr int max_depth = 48;

private:
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ == 0) return;
    if (!(first_ >> (depth_ - 1) & 1u)) out_ += ',';
    first_ &= ~(1ull << (depth_ - 1));
  }
  void open(char c) {
    separate();
    out_ += c;
    ++depth_;
    first_ |= 1ull << (depth_ - 1);
  }
  void close(char c) {
    out_ += c;
    first_ &= ~(1ull << (depth_ - 1));
    --depth_;
  }

  std::string& out_;
  std::uint64_t first_ = 0;  // bit d-1: the container at depth d has no member yet
  int depth_ = 0;
  bool after_key_ = false;
};

}  // namespace strata::log::detail
