// client_error: messages with a redacted URL, and the HTTP status each kind maps to.
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <strata/http/client_error.hpp>

namespace strata::http {

std::string_view to_string(client_error_kind kind) noexcept {
  switch (kind) {
    case client_error_kind::connect:
      return "connect";
    case client_error_kind::tls:
      return "tls";
    case client_error_kind::timeout:
      return "timeout";
    case client_error_kind::protocol:
      return "protocol";
    case client_error_kind::too_large:
      return "too_large";
    case client_error_kind::redirect:
      return "redirect";
    case client_error_kind::status:
      return "status";
    case client_error_kind::usage:
      return "usage";
  }
  return "unknown";
}

namespace {

std::string message(std::string_view method, const std::string& url, std::string_view what) {
  std::string m = "http client: ";
  if (!method.empty()) m.append(method).append(" ");
  m.append(url).append(": ").append(what);
  return m;
}

}  // namespace

client_error::client_error(client_error_kind kind, std::string_view method, std::string_view url, std::string_view what)
    : mapped_error(message(method, redact_url(url), what)), kind_(kind), url_(redact_url(url)) {}

int client_error::http_status() const noexcept {
  switch (kind_) {
    case client_error_kind::timeout:
      return 504;
    case client_error_kind::usage:
      return 500;
    default:
      return 502;
  }
}

std::string client_error::problem_title() const {
  switch (kind_) {
    case client_error_kind::timeout:
      return "Gateway Timeout";
    case client_error_kind::usage:
      return "Internal Server Error";
    default:
      return "Bad Gateway";
  }
}

std::string redact_url(std::string_view url) {
  auto parsed = boost::urls::parse_uri_reference(url);
  if (!parsed) {
    // Not a URL we can take apart: keep only what precedes anything secret-looking.
    const auto cut = url.find_first_of("@?#");
    std::string out(url.substr(0, cut));
    if (cut != std::string_view::npos) out += "...";
    return out;
  }
  boost::urls::url u = *parsed;
  if (u.has_password()) u.set_password("***");
  if (u.has_query()) {
    auto params = u.params();
    for (auto it = params.begin(); it != params.end(); ++it)
      if ((*it).has_value) it = params.replace(it, {(*it).key, "***"});
  }
  u.remove_fragment();
  return std::string(u.buffer());
}

}  // namespace strata::http
