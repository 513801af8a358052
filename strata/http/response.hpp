// response: what a handler writes. The connection owns one per request and reuses its buffers,
// so building a small response allocates nothing after warm-up.
#pragma once
#include <strata/core/task.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::http {

class response;

namespace detail {
// The connection side of a streamed response (chunked transfer coding).
struct response_stream {
  virtual task<void> stream_write(response& res, std::string_view chunk) = 0;
  virtual task<void> stream_end(response& res) = 0;
  virtual ~response_stream() = default;
};
// Writes a route's JSON payloads (the schema layer compiles one from its response schemas);
// false leaves a payload to boost::json::serialize. It appends to `out`.
struct payload_writer {
  virtual bool write(int status, const boost::json::value& payload, std::string& out) const = 0;

 protected:
  ~payload_writer() = default;
};
}  // namespace detail

struct cookie_options {
  std::string path = "/";
  std::string domain;
  std::optional<std::chrono::seconds> max_age;
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";  // "Strict", "Lax", "None" or empty for none
};

// A file sent with sendfile(2) (plain TCP) or read and written (TLS). The response owns the fd.
struct file_body {
  int fd = -1;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

class response {
public:
  response() = default;
  ~response();
  response(const response&) = delete;
  response& operator=(const response&) = delete;

  response& status(int code) {
    status_ = code;
    return *this;
  }
  int status() const { return status_; }

  // Sets a header, replacing any of the same name (case-insensitive).
  response& set(std::string_view name, std::string_view value);
  // Adds a header even if one of that name exists (Set-Cookie, Vary, Link ...).
  response& append(std::string_view name, std::string_view value);
  std::optional<std::string_view> header(std::string_view name) const;
  bool remove(std::string_view name);
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
  response& type(std::string_view content_type) { return set("Content-Type", content_type); }

  // Ends the handler's part: the body is this. The content type is left as set (default none).
  void send(std::string_view body);
  void send(std::string&& body);
  void text(std::string_view body);  // text/plain; charset=utf-8
  void html(std::string_view body);  // text/html; charset=utf-8
  // A JSON payload: serialized after the pre_serialization hooks, which may still change it.
  void json(boost::json::value payload);
  // How this request's JSON payload becomes text: the route's schema writer (set by the schema
  // layer's validation hook) or nullptr, boost::json::serialize. Cleared for each request.
  void set_payload_writer(const detail::payload_writer* writer) { writer_ = writer; }
  // An RFC 9457 problem document (application/problem+json).
  void problem(int status, std::string_view title, std::string_view detail = {}, boost::json::object extra = {});
  void redirect(std::string_view location, int status = 302);
  void no_content() {
    status_ = 204;
    sent_ = true;
  }
  void send_file(file_body file);

  void cookie(std::string_view name, std::string_view value, const cookie_options& options = {});
  void clear_cookie(std::string_view name, const cookie_options& options = {});

  // True once a handler or hook has produced the response; later lifecycle stages then skip to
  // on_send.
  bool sent() const { return sent_; }
  std::string& body() { return body_; }
  const std::string& body() const { return body_; }
  boost::json::value* payload() { return payload_ ? &*payload_ : nullptr; }
  const file_body* file() const { return file_.fd >= 0 ? &file_ : nullptr; }

  // Streaming: the first write sends the head (with chunked transfer coding unless Content-Length
  // was set), each write sends one chunk, end() the last one. Hooks up to on_send run before the
  // head goes out.
  task<void> write(std::string_view chunk);
  task<void> end();
  bool streaming() const { return streaming_; }

  // Internal: reset for the next request on the connection, keeping buffer capacity.
  void reset(detail::response_stream* stream);
  void serialize_payload();
  void set_streaming() { streaming_ = true; }
  bool head_sent() const { return head_sent_; }
  void set_head_sent() { head_sent_ = true; }
  void close_file();

private:
  int status_ = 200;
  bool sent_ = false;
  bool streaming_ = false;
  bool head_sent_ = false;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::string body_;
  std::optional<boost::json::value> payload_;
  const detail::payload_writer* writer_ = nullptr;
  file_body file_;
  detail::response_stream* stream_ = nullptr;
};

}  // namespace strata::http
