// json_file: config/*.json through a stream parser, which tells where a syntax error is.
#include <strata/config/detail/config_file.hpp>

#include <boost/json/stream_parser.hpp>

#include <algorithm>

namespace strata::config::detail {
namespace json = boost::json;

std::optional<json::object> parse_json_config(std::string_view text, const std::string& name,
                                              std::vector<config_error>& errors) {
  json::parse_options opts;
  opts.allow_comments = true;
  opts.allow_trailing_commas = true;
  json::stream_parser p({}, opts);
  boost::system::error_code ec;
  const std::size_t used = p.write_some(text.data(), text.size(), ec);
  if (!ec) p.finish(ec);
  if (ec) {
    const std::size_t at = std::min(used, text.size());
    const std::string_view before = text.substr(0, at);
    const std::size_t line = 1 + std::count(before.begin(), before.end(), '\n');
    const std::size_t line_start = before.rfind('\n');
    const std::size_t column = at - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
    errors.push_back(config_error::about_source(name + ":" + std::to_string(line) + ":" + std::to_string(column),
                                                "invalid JSON (" + ec.message() + ")"));
    return std::nullopt;
  }
  json::value v = p.release();
  if (!v.is_object()) {
    errors.push_back(config_error::about_source(name, "expected an object at the top level"));
    return std::nullopt;
  }
  return std::move(v.get_object());
}

}  // namespace strata::config::detail
