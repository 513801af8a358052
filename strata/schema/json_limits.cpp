// JSON body limits: Boost.JSON's SAX parser with a handler that only counts, so checking costs a
// scan of the text and no allocation; depth is the parser's own max_depth.
#include <boost/json/basic_parser_impl.hpp>
#include <cctype>
#include <strata/http/request.hpp>
#include <strata/http/response.hpp>
#include <strata/schema/json_limits.hpp>

namespace strata::schema {

namespace {

using boost::json::error_code;
using boost::json::string_view;

struct counting_handler {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  const json_limits& limits;
  std::optional<limit_violation> violation;

  bool fail(error_code& ec, const char* limit, std::size_t bound, const char* what) {
    violation = limit_violation{413, limit, std::string(what) + " (the limit is " + std::to_string(bound) + ")"};
    ec = boost::json::error::exception;  // any error: the parser stops here
    return false;
  }
  bool check_length(std::size_t n, error_code& ec) {
    return n <= limits.max_string_length ||
           fail(ec, "max_string_length", limits.max_string_length, "a string is too long");
  }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code&) { return true; }
  bool on_object_end(std::size_t n, error_code& ec) {
    return n <= limits.max_object_keys ||
           fail(ec, "max_object_keys", limits.max_object_keys, "an object has too many members");
  }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t n, error_code& ec) {
    return n <= limits.max_array_items ||
           fail(ec, "max_array_items", limits.max_array_items, "an array has too many items");
  }
  bool on_key_part(string_view, std::size_t n, error_code& ec) { return check_length(n, ec); }
  bool on_key(string_view, std::size_t n, error_code& ec) { return check_length(n, ec); }
  bool on_string_part(string_view, std::size_t n, error_code& ec) { return check_length(n, ec); }
  bool on_string(string_view, std::size_t n, error_code& ec) { return check_length(n, ec); }
  bool on_number_part(string_view, error_code&) { return true; }
  bool on_int64(std::int64_t, string_view, error_code&) { return true; }
  bool on_uint64(std::uint64_t, string_view, error_code&) { return true; }
  bool on_double(double, string_view, error_code&) { return true; }
  bool on_bool(bool, error_code&) { return true; }
  bool on_null(error_code&) { return true; }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }
};

bool ascii_iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

// application/json, application/problem+json, ...; parameters (charset) ignored.
bool is_json_type(std::string_view type) {
  type = type.substr(0, type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  if (!ascii_iequals_prefix(type, "application/")) return false;
  if (type.size() == 16) return ascii_iequals_prefix(type.substr(12), "json");
  return type.size() >= 5 && ascii_iequals_prefix(type.substr(type.size() - 5), "+json");
}

}  // namespace

std::optional<limit_violation> check_json_limits(std::string_view text, const json_limits& limits) {
  boost::json::parse_options opts;
  opts.max_depth = limits.max_depth;
  boost::json::basic_parser<counting_handler> p(opts, limits);
  error_code ec;
  const std::size_t used = p.write_some(false, text.data(), text.size(), ec);
  if (p.handler().violation) return p.handler().violation;
  if (!ec && used < text.size()) return limit_violation{400, "syntax", "extra data after the JSON value"};
  if (ec == boost::json::error::too_deep)
    return limit_violation{400, "max_depth",
                           "the JSON is nested too deeply (the limit is " + std::to_string(limits.max_depth) + ")"};
  if (ec) return limit_violation{400, "syntax", ec.message()};
  return std::nullopt;
}

std::function<void(http::scope&)> json_body_limits(json_limits limits) {
  return [limits](http::scope& s) {
    s.pre_parsing([limits](http::request& req, http::response& res) {
      if (req.body().empty()) return;
      const auto type = req.header("Content-Type");
      if (type && !is_json_type(*type)) return;
      auto v = check_json_limits(req.body(), limits);
      // Without a Content-Type the body may not be meant as JSON: only a crossed limit refuses it.
      if (!v || (!type && v->limit == "syntax")) return;
      if (v->limit == "syntax")
        res.problem(400, "Invalid JSON body", v->message);
      else
        res.problem(v->status, v->status == 413 ? "Content Too Large" : "Bad Request", v->message,
                    {{"limit", v->limit}});
    });
  };
}

}  // namespace strata::schema
