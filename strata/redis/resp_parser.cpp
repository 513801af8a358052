// The RESP parser (see resp_parser.hpp). Numbers are parsed strictly (no spaces, no '+', no
// overflow); RESP3's streamed strings and aggregates ($?, *?) are refused: Redis never sends them.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <strata/redis/resp_parser.hpp>

namespace strata::redis {
namespace {

bool parse_int(std::string_view s, long long& v) {
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  auto r = std::from_chars(s.data(), end, v);
  return r.ec == std::errc() && r.ptr == end;
}

bool parse_double(std::string_view s, double& v) {
  if (s == "inf" || s == "+inf") {
    v = std::numeric_limits<double>::infinity();
    return true;
  }
  if (s == "-inf") {
    v = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (s == "nan" || s == "-nan") {
    v = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  auto r = std::from_chars(s.data(), end, v);
  // from_chars reads "infinity" and "nan(...)" too; only the spellings above are RESP.
  return r.ec == std::errc() && r.ptr == end && std::isfinite(v);
}

bool is_big_number(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void resp_parser::reset() {
  frames_.clear();
  top_attributes_.clear();
  bulk_pending_ = false;
  error_.clear();
}

resp_parser::status resp_parser::fail(std::string message) {
  error_ = std::move(message);
  return status::error;
}

bool resp_parser::deliver(reply value, reply& out) {
  for (;;) {
    auto& attrs = frames_.empty() ? top_attributes_ : frames_.back().attributes;
    if (!attrs.empty()) value.set_attributes(std::move(attrs)), attrs.clear();
    if (frames_.empty()) {
      out = std::move(value);
      return true;
    }
    frame& f = frames_.back();
    f.elements.push_back(std::move(value));
    if (f.elements.size() < f.expected) return false;
    // The aggregate is complete: it becomes a value of the frame below.
    frame done = std::move(f);
    frames_.pop_back();
    if (done.attribute) {
      auto& target = frames_.empty() ? top_attributes_ : frames_.back().attributes;
      target = std::move(done.elements);
      return false;
    }
    value = reply::make_aggregate(done.type, std::move(done.elements));
  }
}

resp_parser::status resp_parser::begin_aggregate(reply_type type, bool attribute, long long count, reply& out,
                                                 bool& done) {
  if (count < 0) {
    if (count == -1 && type == reply_type::array) {  // RESP2's null array
      done = deliver(reply(), out);
      return status::complete;
    }
    return fail("resp: negative aggregate length " + std::to_string(count));
  }
  const bool pairs = type == reply_type::map || attribute;
  const auto n = static_cast<unsigned long long>(count);
  if (n > limits_.max_elements || (pairs && n > limits_.max_elements / 2))
    return fail("resp: aggregate of " + std::to_string(count) + " elements exceeds the limit of " +
                std::to_string(limits_.max_elements));
  const std::size_t expected = pairs ? static_cast<std::size_t>(n) * 2 : static_cast<std::size_t>(n);
  if (expected == 0) {
    if (attribute) return status::complete;  // an empty attribute annotates nothing
    done = deliver(reply::make_aggregate(type, {}), out);
    return status::complete;
  }
  if (frames_.size() >= limits_.max_depth)
    return fail("resp: aggregates nested deeper than " + std::to_string(limits_.max_depth));
  frame f{type, attribute, expected, {}, {}};
  // Reserve for what is likely, not for what a hostile header claims.
  f.elements.reserve(std::min<std::size_t>(expected, 64));
  frames_.push_back(std::move(f));
  return status::complete;
}

resp_parser::status resp_parser::begin_bulk(char marker, long long length, reply& out, bool& done) {
  if (length < 0) {
    if (length == -1 && marker == '$') {  // RESP2's null bulk string
      done = deliver(reply(), out);
      return status::complete;
    }
    return fail("resp: negative string length " + std::to_string(length));
  }
  if (static_cast<unsigned long long>(length) > limits_.max_bulk_length)
    return fail("resp: string of " + std::to_string(length) + " bytes exceeds the limit of " +
                std::to_string(limits_.max_bulk_length));
  if (marker == '=' && length < 4) return fail("resp: verbatim string shorter than its format prefix");
  bulk_pending_ = true;
  bulk_marker_ = marker;
  bulk_length_ = static_cast<std::size_t>(length);
  return status::complete;
}

resp_parser::status resp_parser::parse(std::string_view data, std::size_t& consumed, reply& out) {
  consumed = 0;
  if (!error_.empty()) return status::error;
  std::size_t pos = 0;
  for (;;) {
    bool done = false;
    if (bulk_pending_) {
      if (data.size() - pos < bulk_length_ + 2) break;
      std::string_view payload = data.substr(pos, bulk_length_);
      if (data[pos + bulk_length_] != '\r' || data[pos + bulk_length_ + 1] != '\n')
        return fail("resp: string not followed by CRLF");
      pos += bulk_length_ + 2;
      bulk_pending_ = false;
      reply value;
      if (bulk_marker_ == '$') {
        value = reply::make_string(reply_type::bulk_string, std::string(payload));
      } else if (bulk_marker_ == '!') {
        value = reply::make_string(reply_type::error, std::string(payload));
      } else {  // '=': "fmt:text"
        if (payload[3] != ':') return fail("resp: verbatim string without its format prefix");
        value = reply::make_string(reply_type::verbatim_string, std::string(payload.substr(4)));
        value.set_format(payload.substr(0, 3));
      }
      done = deliver(std::move(value), out);
    } else {
      if (pos >= data.size()) break;
      const auto crlf = data.find("\r\n", pos);
      if (crlf == std::string_view::npos) {
        // The line so far, without its type byte and a CR that may be the start of the CRLF:
        // the same length the complete line is judged by below, however the input is split.
        std::size_t so_far = data.size() - pos - 1;  // pos < data.size() here
        if (so_far > 0 && data.back() == '\r') --so_far;
        if (so_far > limits_.max_line_length)
          return fail("resp: line longer than " + std::to_string(limits_.max_line_length) + " bytes");
        if (data.size() > pos && data.find('\n', pos) != std::string_view::npos) return fail("resp: bare LF in a line");
        break;
      }
      if (crlf == pos) return fail("resp: empty line where a type byte was expected");
      if (crlf - pos - 1 > limits_.max_line_length)
        return fail("resp: line longer than " + std::to_string(limits_.max_line_length) + " bytes");
      const char marker = data[pos];
      const std::string_view line = data.substr(pos + 1, crlf - pos - 1);
      if (line.find('\r') != std::string_view::npos || line.find('\n') != std::string_view::npos)
        return fail("resp: CR or LF inside a line");
      pos = crlf + 2;
      long long n = 0;
      status s = status::complete;
      switch (marker) {
        case '+':
          done = deliver(reply::make_string(reply_type::simple_string, std::string(line)), out);
          break;
        case '-':
          done = deliver(reply::make_string(reply_type::error, std::string(line)), out);
          break;
        case ':':
          if (!parse_int(line, n)) return fail("resp: bad integer");
          done = deliver(reply::make_integer(n), out);
          break;
        case '_':
          if (!line.empty()) return fail("resp: null with a payload");
          done = deliver(reply(), out);
          break;
        case ',': {
          double d = 0;
          if (!parse_double(line, d)) return fail("resp: bad double");
          done = deliver(reply::make_double(d), out);
          break;
        }
        case '#':
          if (line != "t" && line != "f") return fail("resp: bad boolean");
          done = deliver(reply::make_boolean(line == "t"), out);
          break;
        case '(':
          if (!is_big_number(line)) return fail("resp: bad big number");
          done = deliver(reply::make_string(reply_type::big_number, std::string(line)), out);
          break;
        case '$':
        case '!':
        case '=':
          if (line == "?") return fail("resp: streamed strings are not supported");
          if (!parse_int(line, n)) return fail("resp: bad string length");
          s = begin_bulk(marker, n, out, done);
          break;
        case '*':
        case '%':
        case '~':
        case '>':
        case '|': {
          if (line == "?") return fail("resp: streamed aggregates are not supported");
          if (!parse_int(line, n)) return fail("resp: bad aggregate length");
          const reply_type t = marker == '*'   ? reply_type::array
                               : marker == '%' ? reply_type::map
                               : marker == '~' ? reply_type::set
                               : marker == '>' ? reply_type::push
                                               : reply_type::map;
          s = begin_aggregate(t, marker == '|', n, out, done);
          break;
        }
        default:
          return fail("resp: unknown type byte " + std::to_string(static_cast<unsigned char>(marker)));
      }
      if (s == status::error) return s;
    }
    if (done) {
      consumed = pos;
      return status::complete;
    }
  }
  consumed = pos;
  return status::need_more;
}

}  // namespace strata::redis
