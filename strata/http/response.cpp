// response building: headers, bodies, JSON payloads, problem documents, cookies, streaming.
#include <strata/http/error.hpp>
#include <strata/http/parser.hpp>
#include <strata/http/response.hpp>

#include <boost/json/serialize.hpp>

#include <stdexcept>
#include <unistd.h>

namespace strata::http {

namespace {
// A header name must be a token and a value must hold no control characters but HTAB (RFC 9110
// 5.1, 5.5): a CR or LF from request data (a redirect target, say) would split the response.
void check_header(std::string_view name, std::string_view value) {
  static constexpr std::string_view specials = "!#$%&'*+-.^_`|~";
  if (name.empty()) throw std::invalid_argument("empty header name");
  for (char c : name)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || specials.find(c) != specials.npos))
      throw std::invalid_argument("header name is not a token");
  for (unsigned char c : value)
    if ((c < 0x20 && c != '\t') || c == 0x7f) throw std::invalid_argument("header value has a control character");
}
}  // namespace

response::~response() { close_file(); }

void response::close_file() {
  if (file_.fd >= 0) ::close(file_.fd);
  file_ = {};
}

void response::reset(detail::response_stream* stream) {
  status_ = 200;
  sent_ = streaming_ = head_sent_ = false;
  headers_.clear();
  body_.clear();
  payload_.reset();
  writer_ = nullptr;
  close_file();
  stream_ = stream;
}

response& response::set(std::string_view name, std::string_view value) {
  check_header(name, value);
  for (auto& [k, v] : headers_)
    if (iequals(k, name)) {
      v.assign(value);
      return *this;
    }
  headers_.emplace_back(name, value);
  return *this;
}

response& response::append(std::string_view name, std::string_view value) {
  check_header(name, value);
  headers_.emplace_back(name, value);
  return *this;
}

std::optional<std::string_view> response::header(std::string_view name) const {
  for (const auto& [k, v] : headers_)
    if (iequals(k, name)) return std::string_view(v);
  return std::nullopt;
}

bool response::remove(std::string_view name) {
  auto before = headers_.size();
  std::erase_if(headers_, [&](const auto& h) { return iequals(h.first, name); });
  return headers_.size() != before;
}

void response::send(std::string_view body) {
  body_.assign(body);
  payload_.reset();
  sent_ = true;
}

void response::send(std::string&& body) {
  body_ = std::move(body);
  payload_.reset();
  sent_ = true;
}

void response::text(std::string_view body) {
  set("Content-Type", "text/plain; charset=utf-8");
  send(body);
}

void response::html(std::string_view body) {
  set("Content-Type", "text/html; charset=utf-8");
  send(body);
}

void response::json(boost::json::value payload) {
  if (!header("Content-Type")) set("Content-Type", "application/json; charset=utf-8");
  body_.clear();
  payload_ = std::move(payload);
  sent_ = true;
}

void response::serialize_payload() {
  if (!payload_) return;
  body_.clear();
  if (!writer_ || !writer_->write(status_, *payload_, body_)) body_ = boost::json::serialize(*payload_);
  payload_.reset();
}

void response::problem(int status, std::string_view title, std::string_view detail, boost::json::object extra) {
  boost::json::object doc;
  doc["type"] = "about:blank";
  doc["title"] = title.empty() ? reason_phrase(status) : title;
  doc["status"] = status;
  if (!detail.empty()) doc["detail"] = detail;
  for (auto& [k, v] : extra) doc[k] = std::move(v);
  status_ = status;
  set("Content-Type", "application/problem+json");
  body_ = boost::json::serialize(doc);
  payload_.reset();
  close_file();
  sent_ = true;
}

void response::redirect(std::string_view location, int status) {
  status_ = status;
  set("Location", location);
  body_.clear();
  sent_ = true;
}

void response::send_file(file_body file) {
  close_file();
  file_ = file;
  body_.clear();
  payload_.reset();
  sent_ = true;
}

namespace {
void check_cookie_part(std::string_view s, bool is_name) {
  for (unsigned char c : s) {
    bool ok = c > 0x20 && c < 0x7f && c != ';' && c != ',' && c != '"' && c != '\\' && (!is_name || c != '=');
    if (!ok) throw std::invalid_argument("cookie name or value has a forbidden character");
  }
  if (is_name && s.empty()) throw std::invalid_argument("empty cookie name");
}

std::string cookie_line(std::string_view name, std::string_view value, const cookie_options& o) {
  check_cookie_part(name, true);
  check_cookie_part(value, false);
  std::string line;
  line.append(name).append("=").append(value);
  if (!o.path.empty()) line.append("; Path=").append(o.path);
  if (!o.domain.empty()) line.append("; Domain=").append(o.domain);
  if (o.max_age) line.append("; Max-Age=").append(std::to_string(o.max_age->count()));
  if (o.http_only) line.append("; HttpOnly");
  if (o.secure || o.same_site == "None") line.append("; Secure");
  if (!o.same_site.empty()) line.append("; SameSite=").append(o.same_site);
  return line;
}
}  // namespace

void response::cookie(std::string_view name, std::string_view value, const cookie_options& options) {
  append("Set-Cookie", cookie_line(name, value, options));
}

void response::clear_cookie(std::string_view name, const cookie_options& options) {
  auto o = options;
  o.max_age = std::chrono::seconds(0);
  append("Set-Cookie", cookie_line(name, "", o));
}

task<void> response::write(std::string_view chunk) {
  if (!stream_) throw std::logic_error("response::write outside a connection");
  streaming_ = true;
  sent_ = true;
  co_await stream_->stream_write(*this, chunk);
}

task<void> response::end() {
  if (!stream_) throw std::logic_error("response::end outside a connection");
  streaming_ = true;
  sent_ = true;
  co_await stream_->stream_end(*this);
}

}  // namespace strata::http
