// redis::reply: one RESP2 or RESP3 value as the server sent it. Aggregates hold their elements;
// a map holds its keys and values alternating (k0, v0, k1, v1, ...), as RESP sends them.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::redis {

enum class reply_type : std::uint8_t {
  null,             // RESP2 $-1 / *-1, RESP3 _
  simple_string,    // +OK
  error,            // -ERR ... and RESP3 blob errors (!)
  integer,          // :42
  double_,          // ,3.14 (RESP3; inf, -inf and nan included)
  boolean,          // #t / #f (RESP3)
  big_number,       // (1234... (RESP3), kept as its decimal text
  bulk_string,      // $5 hello
  verbatim_string,  // =15 txt:... (RESP3); format() is "txt" or "mkd", str() the text after it
  array,            // *N
  map,              // %N (RESP3): 2N elements, keys and values alternating
  set,              // ~N (RESP3)
  push,             // >N (RESP3): pub/sub messages and other out-of-band data
};

std::string_view to_string(reply_type t) noexcept;

class reply {
 public:
  reply() = default;
  reply(const reply& o);
  reply& operator=(const reply& o);
  reply(reply&&) noexcept = default;
  reply& operator=(reply&&) noexcept = default;

  static reply make_null() { return reply(); }
  static reply make_string(reply_type t, std::string s);  // simple, error, big number, bulk, verbatim
  static reply make_integer(std::int64_t v);
  static reply make_double(double v);
  static reply make_boolean(bool v);
  static reply make_aggregate(reply_type t, std::vector<reply> elements);  // array, map, set, push

  reply_type type() const noexcept { return type_; }
  bool is_null() const noexcept { return type_ == reply_type::null; }
  bool is_error() const noexcept { return type_ == reply_type::error; }
  bool is_string() const noexcept;     // simple, bulk or verbatim string
  bool is_aggregate() const noexcept;  // array, map, set or push

  // The text of strings, errors and big numbers (for verbatim strings, without the "txt:" prefix).
  const std::string& str() const noexcept { return text_; }
  std::string_view format() const noexcept { return std::string_view(format_, 3); }  // verbatim only
  void set_format(std::string_view f);
  std::int64_t integer() const noexcept { return integer_; }
  double number() const noexcept { return number_; }
  bool boolean() const noexcept { return integer_ != 0; }
  // Elements of an aggregate (a map's keys and values alternating).
  const std::vector<reply>& elements() const noexcept { return elements_; }
  std::vector<reply>& elements() noexcept { return elements_; }
  std::size_t size() const noexcept { return elements_.size(); }
  const reply& operator[](std::size_t i) const { return elements_.at(i); }

  // RESP3 attributes (|N) the server sent before this value, keys and values alternating; empty
  // when there were none. They annotate a reply and are never a reply of their own.
  const std::vector<reply>& attributes() const noexcept;
  void set_attributes(std::vector<reply> attrs);

  // Conversions that callers of the typed API use; they throw redis::error (usage) when the reply
  // is of another type, and redis::error (server) when it is an error reply.
  std::string as_string() const;                          // any string type, integer, double, big number
  std::optional<std::string> as_optional_string() const;  // null becomes nullopt
  std::int64_t as_integer() const;                        // integer, or a string of digits (RESP2 numbers)
  double as_double() const;                               // double, integer, or a numeric string (RESP2)
  bool as_bool() const;                                   // boolean, integer 0/1, +OK
  std::vector<std::string> as_strings() const;            // array or set of strings (nulls become "")
  // A map, or (RESP2) a flat array of keys and values, as pairs.
  std::vector<std::pair<std::string, std::string>> as_pairs() const;
  // Throws redis::error (server) when this is an error reply; returns *this otherwise.
  const reply& value() const&;
  reply value() &&;

  // Human-readable form for tests and logs (like redis-cli's).
  std::string debug_string() const;

  friend bool operator==(const reply& a, const reply& b);

 private:
  reply_type type_ = reply_type::null;
  char format_[3] = {0, 0, 0};
  std::int64_t integer_ = 0;
  double number_ = 0;
  std::string text_;
  std::vector<reply> elements_;
  std::unique_ptr<std::vector<reply>> attributes_;
};

}  // namespace strata::redis
