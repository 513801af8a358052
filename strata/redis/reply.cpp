// reply: construction, deep copies (attributes are owned through a pointer to keep replies
// small) and the conversions the typed API is built on.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <strata/redis/error.hpp>
#include <strata/redis/reply.hpp>

namespace strata::redis {
namespace {

const std::vector<reply> no_attributes;

[[noreturn]] void wrong_type(const reply& r, std::string_view wanted) {
  if (r.is_error()) throw error(error_kind::server, r.str());
  throw error(error_kind::usage,
              "redis: expected " + std::string(wanted) + ", the server sent " + std::string(to_string(r.type())));
}

void quote(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  out += '"';
}

void describe(const reply& r, std::string& out) {
  switch (r.type()) {
    case reply_type::null:
      out += "(nil)";
      break;
    case reply_type::simple_string:
      out += r.str();
      break;
    case reply_type::error:
      out += "(error) " + r.str();
      break;
    case reply_type::integer:
      out += "(integer) " + std::to_string(r.integer());
      break;
    case reply_type::double_: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "(double) %.17g", r.number());
      out += buf;
      break;
    }
    case reply_type::boolean:
      out += r.boolean() ? "(true)" : "(false)";
      break;
    case reply_type::big_number:
      out += "(big number) " + r.str();
      break;
    case reply_type::bulk_string:
      quote(out, r.str());
      break;
    case reply_type::verbatim_string:
      out += "(" + std::string(r.format()) + ") ";
      quote(out, r.str());
      break;
    default: {
      out += std::string(to_string(r.type())) + "[";
      for (std::size_t i = 0; i < r.size(); ++i) {
        if (i) out += r.type() == reply_type::map && i % 2 ? ": " : ", ";
        describe(r[i], out);
      }
      out += "]";
    }
  }
}

}  // namespace

std::string_view to_string(reply_type t) noexcept {
  switch (t) {
    case reply_type::null:
      return "null";
    case reply_type::simple_string:
      return "simple string";
    case reply_type::error:
      return "error";
    case reply_type::integer:
      return "integer";
    case reply_type::double_:
      return "double";
    case reply_type::boolean:
      return "boolean";
    case reply_type::big_number:
      return "big number";
    case reply_type::bulk_string:
      return "bulk string";
    case reply_type::verbatim_string:
      return "verbatim string";
    case reply_type::array:
      return "array";
    case reply_type::map:
      return "map";
    case reply_type::set:
      return "set";
    case reply_type::push:
      return "push";
  }
  return "unknown";
}

reply::reply(const reply& o)
    : type_(o.type_),
      integer_(o.integer_),
      number_(o.number_),
      text_(o.text_),
      elements_(o.elements_),
      attributes_(o.attributes_ ? std::make_unique<std::vector<reply>>(*o.attributes_) : nullptr) {
  std::copy(o.format_, o.format_ + 3, format_);
}

reply& reply::operator=(const reply& o) {
  if (this != &o) *this = reply(o);
  return *this;
}

reply reply::make_string(reply_type t, std::string s) {
  reply r;
  r.type_ = t;
  r.text_ = std::move(s);
  return r;
}

reply reply::make_integer(std::int64_t v) {
  reply r;
  r.type_ = reply_type::integer;
  r.integer_ = v;
  return r;
}

reply reply::make_double(double v) {
  reply r;
  r.type_ = reply_type::double_;
  r.number_ = v;
  return r;
}

reply reply::make_boolean(bool v) {
  reply r;
  r.type_ = reply_type::boolean;
  r.integer_ = v ? 1 : 0;
  return r;
}

reply reply::make_aggregate(reply_type t, std::vector<reply> elements) {
  reply r;
  r.type_ = t;
  r.elements_ = std::move(elements);
  return r;
}

bool reply::is_string() const noexcept {
  return type_ == reply_type::simple_string || type_ == reply_type::bulk_string || type_ == reply_type::verbatim_string;
}

bool reply::is_aggregate() const noexcept {
  return type_ == reply_type::array || type_ == reply_type::map || type_ == reply_type::set ||
         type_ == reply_type::push;
}

void reply::set_format(std::string_view f) {
  for (std::size_t i = 0; i < 3; ++i) format_[i] = i < f.size() ? f[i] : ' ';
}

const std::vector<reply>& reply::attributes() const noexcept {
  return attributes_ ? *attributes_ : no_attributes;
}

void reply::set_attributes(std::vector<reply> attrs) {
  if (attrs.empty())
    attributes_.reset();
  else
    attributes_ = std::make_unique<std::vector<reply>>(std::move(attrs));
}

std::string reply::as_string() const {
  switch (type_) {
    case reply_type::simple_string:
    case reply_type::bulk_string:
    case reply_type::verbatim_string:
    case reply_type::big_number:
      return text_;
    case reply_type::integer:
      return std::to_string(integer_);
    case reply_type::double_: {
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, number_);
      return std::string(buf, r.ptr);
    }
    default:
      wrong_type(*this, "a string");
  }
}

std::optional<std::string> reply::as_optional_string() const {
  if (is_null()) return std::nullopt;
  return as_string();
}

std::int64_t reply::as_integer() const {
  if (type_ == reply_type::integer) return integer_;
  if (type_ == reply_type::boolean) return integer_;
  if (is_string()) {
    std::int64_t v = 0;
    auto r = std::from_chars(text_.data(), text_.data() + text_.size(), v);
    if (r.ec == std::errc() && r.ptr == text_.data() + text_.size() && !text_.empty()) return v;
  }
  wrong_type(*this, "an integer");
}

double reply::as_double() const {
  if (type_ == reply_type::double_) return number_;
  if (type_ == reply_type::integer) return static_cast<double>(integer_);
  if (is_string() || type_ == reply_type::big_number) {
    // RESP2 sends scores as text, "inf" and "-inf" included.
    if (text_ == "inf" || text_ == "+inf") return HUGE_VAL;
    if (text_ == "-inf") return -HUGE_VAL;
    double v = 0;
    auto r = std::from_chars(text_.data(), text_.data() + text_.size(), v);
    if (r.ec == std::errc() && r.ptr == text_.data() + text_.size() && !text_.empty()) return v;
  }
  wrong_type(*this, "a number");
}

bool reply::as_bool() const {
  if (type_ == reply_type::boolean || type_ == reply_type::integer) return integer_ != 0;
  if (type_ == reply_type::simple_string) return text_ == "OK";
  if (type_ == reply_type::null) return false;
  wrong_type(*this, "a boolean");
}

std::vector<std::string> reply::as_strings() const {
  if (type_ != reply_type::array && type_ != reply_type::set && type_ != reply_type::push)
    wrong_type(*this, "an array");
  std::vector<std::string> out;
  out.reserve(elements_.size());
  for (const auto& e : elements_) out.push_back(e.is_null() ? std::string() : e.as_string());
  return out;
}

std::vector<std::pair<std::string, std::string>> reply::as_pairs() const {
  if (type_ != reply_type::map && type_ != reply_type::array) wrong_type(*this, "a map");
  if (elements_.size() % 2 != 0) wrong_type(*this, "a map (an even number of elements)");
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(elements_.size() / 2);
  for (std::size_t i = 0; i < elements_.size(); i += 2)
    out.emplace_back(elements_[i].as_string(),
                     elements_[i + 1].is_null() ? std::string() : elements_[i + 1].as_string());
  return out;
}

const reply& reply::value() const& {
  if (is_error()) throw error(error_kind::server, text_);
  return *this;
}

reply reply::value() && {
  if (is_error()) throw error(error_kind::server, text_);
  return std::move(*this);
}

std::string reply::debug_string() const {
  std::string out;
  describe(*this, out);
  return out;
}

bool operator==(const reply& a, const reply& b) {
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case reply_type::null:
      return true;
    case reply_type::integer:
    case reply_type::boolean:
      return a.integer_ == b.integer_;
    case reply_type::double_:
      return a.number_ == b.number_ || (std::isnan(a.number_) && std::isnan(b.number_));
    case reply_type::verbatim_string:
      return a.format() == b.format() && a.text_ == b.text_;
    default:
      return a.text_ == b.text_ && a.elements_ == b.elements_;
  }
}

}  // namespace strata::redis
