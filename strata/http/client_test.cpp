// Tests of the outbound HTTP client against real servers on loopback: Strata servers (plain and
// TLS with a certificate made here), nginx, and a scripted socket server for answers a good
// server never gives (close-delimited, 1xx first, malformed, none at all).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <fstream>
#include <strata/core/testing/free_port.hpp>
#include <strata/core/testing/process.hpp>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/http/client.hpp>
#include <strata/http/detail/client_url.hpp>
#include <strata/http/server.hpp>
#include <strata/http/testing/local_server.hpp>
#include <thread>

namespace strata::http {
namespace {

using namespace std::chrono_literals;
using strata::testing::temp_dir;
using testing::local_options;
using testing::sleep_for;
namespace json = boost::json;
using clock_type = std::chrono::steady_clock;

// Runs the coroutine `f()` on a fresh loop of the calling thread and returns its result; the
// loop's pools (and their sockets) go with it.
template <class F>
auto run(F f) {
  boost::asio::io_context ctx(1);
  auto fut = boost::asio::co_spawn(ctx, f(), boost::asio::use_future);
  // Until the coroutine is done: idle pooled connections would keep the loop busy until they expire.
  while (fut.wait_for(0s) != std::future_status::ready) ctx.run_one();
  return fut.get();
}

// The client_error a coroutine throws; fails the test when it throws nothing or something else.
template <class F>
client_error failure(F f) {
  try {
    run(f);
  } catch (const client_error& e) {
    return e;
  }
  ADD_FAILURE() << "no client_error";
  return client_error(client_error_kind::usage, "", "", "none");
}

std::string base_url(const server& s) {
  return "http://127.0.0.1:" + std::to_string(s.port());
}

// Routes most tests use. /echo answers with what it got, as JSON.
void add_routes(scope& s) {
  s.get("/hello", [](request&, response& res) { res.text("hello"); });
  s.get("/status/:code", [](request& req, response& res) {
    res.status(std::stoi(std::string(req.param("code"))));
    res.text("status body");
  });
  auto echo = [](request& req, response& res) {
    json::object o;
    o["method"] = req.method_text();
    o["target"] = req.target();
    o["body"] = req.body();
    json::object h;
    for (const auto& f : req.headers()) {
      std::string name(f.name);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      h[name] = f.value;
    }
    o["headers"] = std::move(h);
    res.json(std::move(o));
  };
  for (const char* m : {"GET", "POST", "PUT", "DELETE", "PATCH"}) s.add(method_from(m), m, "/echo", echo);
  s.get("/big/:n", [](request& req, response& res) {
    res.type("application/octet-stream");  // not compressible: sent as it is
    res.send(std::string(std::stoul(std::string(req.param("n"))), 'x'));
  });
  s.get("/text/:n",
        [](request& req, response& res) { res.text(std::string(std::stoul(std::string(req.param("n"))), 'a')); });
  s.get("/slow", [](request&, response& res) -> task<void> {
    co_await sleep_for(1s);
    res.text("late");
  });
  s.get("/chunked", [](request&, response& res) -> task<void> {
    res.type("text/plain");
    co_await res.write("one,");
    co_await res.write("two,");
    co_await res.write("three");
    co_await res.end();
  });
  s.get("/chunked-big", [](request&, response& res) -> task<void> {
    res.type("application/octet-stream");
    const std::string piece(16 * 1024, 'c');
    for (int i = 0; i < 8; ++i) co_await res.write(piece);
    co_await res.end();
  });
}

// A loopback socket server of our own: every request (its head; tests send no bodies) gets
// `reply`, byte for byte, and then what `after` says.
enum class after_reply {
  close,      // the connection ends after each reply
  keep_open,  // keep-alive
  drop_next,  // kept open, but the next request on it is met by closing, unanswered
};

class scripted_server {
 public:
  explicit scripted_server(std::string reply, after_reply after = after_reply::close)
      : reply_(std::move(reply)), after_(after) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 16);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~scripted_server() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::uint16_t port() const { return port_; }
  int accepted() const { return accepted_; }
  std::string url(std::string_view path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) continue;
      ++accepted_;
      std::string in;
      char buf[4096];
      bool open = true;
      int answered = 0;
      while (open && !stop_) {
        pollfd q{c, POLLIN, 0};
        if (::poll(&q, 1, 50) <= 0) continue;
        const auto n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        in.append(buf, static_cast<std::size_t>(n));
        while (open && in.find("\r\n\r\n") != std::string::npos) {
          in.erase(0, in.find("\r\n\r\n") + 4);
          if (after_ == after_reply::drop_next && answered == 1) {
            open = false;
            break;
          }
          (void)!::send(c, reply_.data(), reply_.size(), MSG_NOSIGNAL);
          ++answered;
          if (after_ == after_reply::close) open = false;
        }
      }
      ::close(c);
    }
  }

  std::string reply_;
  after_reply after_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

// ---------------------------------------------------------------------------------------------
// Requests, URLs, errors (no network)

TEST(ClientTest, FormEncodingAndCredentials) {
  EXPECT_EQ(form_encode({{"grant_type", "client_credentials"}, {"scope", "read write"}, {"x", "a&b=c/é~"}}),
            "grant_type=client_credentials&scope=read+write&x=a%26b%3Dc%2F%C3%A9%7E");
  client_request r;
  r.basic_auth("Aladdin", "open sesame");  // RFC 7617's example
  EXPECT_EQ(r.header("authorization"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  r.basic_auth("a", "");
  EXPECT_EQ(r.header("Authorization"), "Basic YTo=");
  r.bearer("t0k");
  EXPECT_EQ(r.header("AUTHORIZATION"), "Bearer t0k");
  EXPECT_EQ(r.headers.size(), 1u);
  r.json(json::object{{"a", 1}});
  EXPECT_EQ(r.body, R"({"a":1})");
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_TRUE(r.remove_header("Content-Type"));
  EXPECT_FALSE(r.header("content-type"));
}

TEST(ClientTest, RedactsSecretsFromUrls) {
  EXPECT_EQ(redact_url("https://user:hunter2@idp.example/token?code=abc&state=xyz&flag#frag"),
            "https://user:***@idp.example/token?code=***&state=***&flag");
  EXPECT_EQ(redact_url("http://host/path"), "http://host/path");
  client_error e(client_error_kind::timeout, "GET", "https://u:p@h/x?sig=s3cret", "slow");
  EXPECT_EQ(std::string(e.what()), "http client: GET https://u:***@h/x?sig=***: slow");
  EXPECT_EQ(e.http_status(), 504);
  EXPECT_EQ(client_error(client_error_kind::connect, "GET", "http://h/", "x").http_status(), 502);
  EXPECT_EQ(client_error(client_error_kind::usage, "GET", "x", "x").http_status(), 500);
  EXPECT_EQ(e.problem_title(), "Gateway Timeout");
}

TEST(ClientTest, ParsesTargets) {
  auto t = detail::parse_target("GET", "https://Example.COM/a%20b?q=1#frag");
  EXPECT_TRUE(t.tls);
  EXPECT_EQ(t.host, "example.com");
  EXPECT_EQ(t.port, 443);
  EXPECT_EQ(t.host_header, "example.com");
  EXPECT_EQ(t.target, "/a%20b?q=1");
  EXPECT_EQ(t.origin, "https://example.com:443");
  t = detail::parse_target("GET", "http://[::1]:8080");
  EXPECT_EQ(t.host, "::1");
  EXPECT_TRUE(t.host_is_ip);
  EXPECT_EQ(t.host_header, "[::1]:8080");
  EXPECT_EQ(t.target, "/");
  t = detail::parse_target("GET", "http://u:p%40ss@127.0.0.1:80/");
  EXPECT_EQ(t.host_header, "127.0.0.1");
  ASSERT_TRUE(t.credentials);
  EXPECT_EQ(t.credentials->second, "p@ss");
  for (const char* bad : {"ftp://h/", "/relative", "http:///nohost", "not a url", "http://h:99999/"}) {
    try {
      detail::parse_target("GET", bad);
      ADD_FAILURE() << bad;
    } catch (const client_error& e) {
      EXPECT_EQ(e.kind(), client_error_kind::usage) << bad;
    }
  }
  EXPECT_EQ(detail::resolve_location("http://h/a/b?x=1", "../c"), "http://h/c");
  EXPECT_EQ(detail::resolve_location("http://h/a", "https://o/p"), "https://o/p");
  EXPECT_EQ(detail::resolve_location("https://h/a", "//o/p"), "https://o/p");
}

// ---------------------------------------------------------------------------------------------
// Against a Strata server

TEST(ClientTest, GetPostJsonFormAndHeaders) {
  server srv(local_options());
  add_routes(srv);
  srv.start();
  const std::string base = base_url(srv);
  client c;

  auto hello = run([&]() -> task<client_response> { co_return co_await c.get(base + "/hello"); });
  EXPECT_EQ(hello.status, 200);
  EXPECT_TRUE(hello.ok());
  EXPECT_EQ(hello.body, "hello");
  EXPECT_EQ(hello.reason, "OK");
  EXPECT_EQ(hello.header("CONTENT-TYPE"), "text/plain; charset=utf-8");
  EXPECT_EQ(hello.url, base + "/hello");

  auto echo = run([&]() -> task<json::value> {
    client_request req{.method = "post", .url = base + "/echo?a=1&b=%20"};
    req.json(json::object{{"hello", "world"}}).header("X-Trace", "t1");
    auto res = co_await c.fetch(std::move(req));
    co_return res.json();
  });
  EXPECT_EQ(echo.at("method"), "POST");
  EXPECT_EQ(echo.at("target"), "/echo?a=1&b=%20");
  EXPECT_EQ(json::parse(echo.at("body").as_string()), json::parse(R"({"hello":"world"})"));
  const auto& h = echo.at("headers").as_object();
  EXPECT_EQ(h.at("content-type"), "application/json");
  EXPECT_EQ(h.at("x-trace"), "t1");
  EXPECT_EQ(h.at("user-agent"), "strata");
  EXPECT_EQ(std::string(h.at("host").as_string()), "127.0.0.1:" + std::to_string(srv.port()));
  EXPECT_EQ(std::string(h.at("content-length").as_string()), std::to_string(echo.at("body").as_string().size()));

  // An OAuth-style token request: form body and client credentials as Basic auth.
  auto token = run([&]() -> task<json::value> {
    client_request req{.method = "POST", .url = base + "/echo"};
    req.form({{"grant_type", "client_credentials"}, {"scope", "a b"}}).basic_auth("client", "s3cret");
    co_return (co_await c.fetch(std::move(req))).json();
  });
  EXPECT_EQ(token.at("body"), "grant_type=client_credentials&scope=a+b");
  EXPECT_EQ(token.at("headers").at("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(token.at("headers").at("authorization"), "Basic Y2xpZW50OnMzY3JldA==");

  // Credentials in the URL become Basic auth; an empty POST says Content-Length: 0.
  auto url_auth = run([&]() -> task<json::value> {
    client_request req{.method = "POST",
                       .url = "http://client:s3cret@127.0.0.1:" + std::to_string(srv.port()) + "/echo"};
    co_return (co_await c.fetch(std::move(req))).json();
  });
  EXPECT_EQ(url_auth.at("headers").at("authorization"), "Basic Y2xpZW50OnMzY3JldA==");
  EXPECT_EQ(url_auth.at("headers").at("content-length"), "0");

  // A body larger than any socket buffer.
  auto big = run([&]() -> task<std::size_t> {
    client_request req{.method = "PUT", .url = base + "/echo", .body = std::string(500000, 'b')};
    co_return (co_await c.fetch(std::move(req))).json().at("body").as_string().size();
  });
  EXPECT_EQ(big, 500000u);

  // HEAD: the head only, though Content-Length announces a body.
  auto head = run([&]() -> task<client_response> {
    client_request req{.method = "HEAD", .url = base + "/big/5000"};
    co_return co_await c.fetch(std::move(req));
  });
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.header("content-length"), "5000");
}

TEST(ClientTest, ErrorStatusesAreResponses) {
  server srv(local_options());
  add_routes(srv);
  srv.start();
  client c;
  auto res = run([&]() -> task<client_response> { co_return co_await c.get(base_url(srv) + "/status/404"); });
  EXPECT_EQ(res.status, 404);
  EXPECT_FALSE(res.ok());
  try {
    res.ensure_ok();
    ADD_FAILURE() << "ensure_ok passed a 404";
  } catch (const client_error& e) {
    EXPECT_EQ(e.kind(), client_error_kind::status);
    EXPECT_EQ(e.upstream_status(), 404);
    EXPECT_EQ(e.http_status(), 502);
    EXPECT_NE(std::string(e.what()).find("status body"), std::string::npos) << e.what();
  }
  auto not_json = run([&]() -> task<client_response> { co_return co_await c.get(base_url(srv) + "/hello"); });
  EXPECT_THROW(not_json.json(), client_error);
}

TEST(ClientTest, RejectsHeaderInjectionAndBadMethods) {
  client c;
  auto e = failure([&]() -> task<void> {
    client_request req{.url = "http://127.0.0.1:1/"};
    req.header("X-Evil", "a\r\nInjected: yes");
    co_await c.fetch(std::move(req));
  });
  EXPECT_EQ(e.kind(), client_error_kind::usage);
  EXPECT_EQ(e.http_status(), 500);
  e = failure([&]() -> task<void> {
    client_request req{.method = "GE T", .url = "http://127.0.0.1:1/"};
    co_await c.fetch(std::move(req));
  });
  EXPECT_EQ(e.kind(), client_error_kind::usage);
  EXPECT_EQ(c.stats().connects, 0u);
}

TEST(ClientTest, KeepAliveReusesConnectionsPerOrigin) {
  server srv(local_options());
  add_routes(srv);
  srv.start();
  const std::string base = base_url(srv);

  client c;
  run([&]() -> task<int> {
    for (int i = 0; i < 5; ++i) {
      auto r = co_await c.get(base + "/hello");
      EXPECT_EQ(r.body, "hello");
    }
    // The pool holds one idle connection; the server sees that one only.
    EXPECT_EQ(srv.connections(), 1u);
    co_return 0;
  });
  EXPECT_EQ(c.stats().connects, 1u);
  EXPECT_EQ(c.stats().reuses, 4u);
  EXPECT_EQ(c.stats().requests, 5u);

  // Concurrent requests each need a connection; afterwards they are all reused.
  client many;
  run([&]() -> task<int> {
    auto ex = co_await boost::asio::this_coro::executor;
    for (int round = 0; round < 2; ++round) {
      std::vector<std::future<client_response>> done;
      for (int i = 0; i < 4; ++i)
        done.push_back(boost::asio::co_spawn(ex, many.get(base + "/hello"), boost::asio::use_future));
      while (std::any_of(done.begin(), done.end(), [](auto& f) { return f.wait_for(0s) != std::future_status::ready; }))
        co_await sleep_for(5ms);
      for (auto& f : done) EXPECT_EQ(f.get().body, "hello");
    }
    co_return 0;
  });
  EXPECT_EQ(many.stats().connects, 4u);
  EXPECT_EQ(many.stats().reuses, 4u);

  // No pooling: each request has its own connection, and says Connection: close.
  client no_pool({.max_idle_per_origin = 0});
  auto close_header = run([&]() -> task<std::string> {
    std::string seen;
    for (int i = 0; i < 3; ++i) {
      auto r = co_await no_pool.get(base + "/echo");
      seen = std::string(r.json().at("headers").at("connection").as_string());
    }
    co_return seen;
  });
  EXPECT_EQ(close_header, "close");
  EXPECT_EQ(no_pool.stats().connects, 3u);
}

TEST(ClientTest, ConnectionClosedByServerWhileIdleIsReplaced) {
  server_options o = local_options();
  o.limits.idle_timeout = 1s;  // the server drops idle keep-alive connections after 1-2 s
  server srv(o);
  add_routes(srv);
  srv.start();
  client c({.idle_timeout = 30s});
  run([&]() -> task<int> {
    EXPECT_EQ((co_await c.get(base_url(srv) + "/hello")).body, "hello");
    co_await sleep_for(2500ms);
    EXPECT_EQ((co_await c.get(base_url(srv) + "/hello")).body, "hello");
    co_return 0;
  });
  EXPECT_EQ(c.stats().connects, 2u);
  EXPECT_EQ(c.stats().requests, 2u);
}

// The race the peek before reuse cannot see: the server closes a kept-alive connection just as
// the next request goes out. A request that may be repeated is sent again on a new connection;
// one that may not (POST) fails rather than risk running twice.
TEST(ClientTest, RequestMetByAClosingConnectionIsRetriedWhenIdempotent) {
  scripted_server srv("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", after_reply::drop_next);
  client c;
  run([&]() -> task<int> {
    EXPECT_EQ((co_await c.get(srv.url())).body, "ok");
    EXPECT_EQ((co_await c.get(srv.url())).body, "ok");  // dropped on the pooled one, answered on a new one
    co_return 0;
  });
  EXPECT_EQ(c.stats().connects, 2u);
  EXPECT_EQ(c.stats().requests, 3u);
  EXPECT_EQ(srv.accepted(), 2);

  client p;
  auto e = failure([&]() -> task<void> {
    client_request first{.method = "POST", .url = srv.url()};
    co_await p.fetch(std::move(first));
    client_request second{.method = "POST", .url = srv.url()};
    co_await p.fetch(std::move(second));
  });
  EXPECT_EQ(e.kind(), client_error_kind::connect);
  EXPECT_EQ(p.stats().requests, 2u);
}

TEST(ClientTest, IdleConnectionsExpire) {
  server srv(local_options());
  add_routes(srv);
  srv.start();
  client c({.idle_timeout = 300ms});
  run([&]() -> task<int> {
    co_await c.get(base_url(srv) + "/hello");
    EXPECT_EQ(srv.connections(), 1u);
    co_await sleep_for(600ms);  // the pool's sweep closes it
    for (int i = 0; i < 100 && srv.connections() != 0; ++i) co_await sleep_for(10ms);
    EXPECT_EQ(srv.connections(), 0u);
    co_await c.get(base_url(srv) + "/hello");
    co_return 0;
  });
  EXPECT_EQ(c.stats().connects, 2u);
}

TEST(ClientTest, ChunkedResponses) {
  server srv(local_options());
  add_routes(srv);
  srv.start();
  client c;
  auto r = run([&]() -> task<client_response> { co_return co_await c.get(base_url(srv) + "/chunked"); });
  EXPECT_EQ(r.body, "one,two,three");
  EXPECT_EQ(r.header("transfer-encoding"), "chunked");
  r = run([&]() -> task<client_response> { co_return co_await c.get(base_url(srv) + "/chunked-big"); });
  EXPECT_EQ(r.body, std::string(128 * 1024, 'c'));
}

TEST(ClientTest, BodyLimits) {
  server srv(local_options());
  add_routes(srv);
  srv.start();
  client c({.max_response_body = 64 * 1024});
  auto ok = run([&]() -> task<client_response> { co_return co_await c.get(base_url(srv) + "/big/65536"); });
  EXPECT_EQ(ok.body.size(), 65536u);
  for (const char* path : {"/big/65537", "/chunked-big"}) {
    auto e = failure([&]() -> task<void> { co_await c.get(base_url(srv) + path); });
    EXPECT_EQ(e.kind(), client_error_kind::too_large) << path;
    EXPECT_EQ(e.http_status(), 502);
    EXPECT_NE(std::string(e.what()).find("over 65536 bytes"), std::string::npos) << e.what();
  }
  // The server keeps working for others: a failed read closed only that connection.
  auto after = run([&]() -> task<client_response> { co_return co_await c.get(base_url(srv) + "/hello"); });
  EXPECT_EQ(after.body, "hello");
}

TEST(ClientTest, DecodesCompressedBodiesWithinTheLimit) {
  server srv(local_options());  // compresses text above 1 KiB for clients that accept it
  add_routes(srv);
  srv.start();
  client c;
  auto r = run([&]() -> task<client_response> { co_return co_await c.get(base_url(srv) + "/text/200000"); });
  EXPECT_EQ(r.body, std::string(200000, 'a'));
  EXPECT_FALSE(r.header("content-encoding"));  // described as decoded
  EXPECT_FALSE(r.header("content-length"));

  // A caller that sets Accept-Encoding gets the bytes as sent.
  auto raw = run([&]() -> task<client_response> {
    client_request req{.url = base_url(srv) + "/text/200000"};
    req.header("Accept-Encoding", "gzip");
    co_return co_await c.fetch(std::move(req));
  });
  EXPECT_EQ(raw.header("content-encoding"), "gzip");
  EXPECT_LT(raw.body.size(), 10000u);

  // A small compressed body that decodes past the limit is refused while decoding.
  client small({.max_response_body = 100000});
  auto e = failure([&]() -> task<void> { co_await small.get(base_url(srv) + "/text/200000"); });
  EXPECT_EQ(e.kind(), client_error_kind::too_large);
  EXPECT_NE(std::string(e.what()).find("decoded"), std::string::npos) << e.what();
}

TEST(ClientTest, Timeouts) {
  // A listening socket nobody accepts from: the kernel completes the handshake, nothing answers.
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  const std::string silent = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/?token=abc";

  client c({.total_timeout = 300ms});
  auto t0 = clock_type::now();
  auto e = failure([&]() -> task<void> { co_await c.get(silent); });
  auto took = clock_type::now() - t0;
  EXPECT_EQ(e.kind(), client_error_kind::timeout);
  EXPECT_EQ(e.http_status(), 504);
  EXPECT_NE(std::string(e.what()).find("no complete response within 300 ms"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("token=***"), std::string::npos) << e.what();
  EXPECT_EQ(std::string(e.what()).find("abc"), std::string::npos) << e.what();
  EXPECT_GE(took, 290ms);
  EXPECT_LT(took, 2s);

  // A TLS handshake that never gets an answer is bounded by connect_timeout.
  client tls_client({.connect_timeout = 200ms});
  t0 = clock_type::now();
  e = failure(
      [&]() -> task<void> { co_await tls_client.get("https://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/"); });
  EXPECT_EQ(e.kind(), client_error_kind::timeout);
  EXPECT_NE(std::string(e.what()).find("could not connect within 200 ms"), std::string::npos) << e.what();
  EXPECT_LT(clock_type::now() - t0, 2s);
  ::close(fd);

  // A slow handler, with the request's own timeout overriding the client's.
  server srv(local_options());
  add_routes(srv);
  srv.start();
  client patient;
  t0 = clock_type::now();
  e = failure([&]() -> task<void> {
    client_request req{.url = base_url(srv) + "/slow", .timeout = 200ms};
    co_await patient.fetch(std::move(req));
  });
  EXPECT_EQ(e.kind(), client_error_kind::timeout);
  EXPECT_LT(clock_type::now() - t0, 2s);
}

TEST(ClientTest, ConnectionRefused) {
  client c;
  const auto port = strata::testing::free_port();
  auto e = failure([&]() -> task<void> { co_await c.get("http://127.0.0.1:" + std::to_string(port) + "/x"); });
  EXPECT_EQ(e.kind(), client_error_kind::connect);
  EXPECT_EQ(e.http_status(), 502);
  EXPECT_NE(std::string(e.what()).find("refused"), std::string::npos) << e.what();
  e = failure([&]() -> task<void> { co_await c.get("http://no-such-host.invalid/"); });
  EXPECT_EQ(e.kind(), client_error_kind::connect);
}

TEST(ClientTest, Redirects) {
  server other(local_options());
  add_routes(other);
  other.start();
  const std::string other_echo = base_url(other) + "/echo";

  server srv(local_options());
  add_routes(srv);
  for (const char* m : {"GET", "POST", "PUT"}) {
    srv.add(method_from(m), m, "/r/:code", [](request& req, response& res) {
      const std::string to = std::string(req.query("to").value_or("/echo"));
      res.redirect(to, std::stoi(std::string(req.param("code"))));
    });
  }
  srv.get("/loop", [](request&, response& res) { res.redirect("/loop", 302); });
  srv.get("/to-ftp", [](request&, response& res) { res.redirect("ftp://example.com/", 302); });
  srv.start();
  const std::string base = base_url(srv);

  // Not followed by default: the 3xx is the answer.
  client plain;
  auto r = run([&]() -> task<client_response> { co_return co_await plain.get(base + "/r/302"); });
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.header("location"), "/echo");

  client c({.max_redirects = 3});
  auto go = [&](std::string method, std::string path, std::string body = "payload") {
    return run([&]() -> task<client_response> {
      client_request req{.method = method, .url = base + path, .body = body};
      req.header("Content-Type", "text/plain").header("Authorization", "Bearer secret");
      co_return co_await c.fetch(std::move(req));
    });
  };
  struct expectation {
    const char* method;
    int code;
    const char* then;
    bool body;
  };
  for (auto x : {expectation{"GET", 301, "GET", true}, expectation{"POST", 301, "GET", false},
                 expectation{"POST", 302, "GET", false}, expectation{"PUT", 302, "PUT", true},
                 expectation{"PUT", 303, "GET", false}, expectation{"POST", 307, "POST", true},
                 expectation{"POST", 308, "POST", true}}) {
    auto res = go(x.method, "/r/" + std::to_string(x.code));
    ASSERT_EQ(res.status, 200) << x.method << " " << x.code;
    EXPECT_EQ(res.redirects, 1u);
    EXPECT_EQ(res.url, base + "/echo");
    auto j = res.json();
    EXPECT_EQ(j.at("method"), x.then) << x.method << " " << x.code;
    EXPECT_EQ(j.at("body"), x.body ? "payload" : "") << x.method << " " << x.code;
    EXPECT_EQ(j.at("headers").as_object().contains("content-type"), x.body) << x.method << " " << x.code;
    EXPECT_EQ(j.at("headers").at("authorization"), "Bearer secret");  // same origin keeps it
  }

  // Another origin does not get the credentials.
  auto cross = go("GET", "/r/302?to=" + other_echo);
  ASSERT_EQ(cross.status, 200);
  EXPECT_EQ(cross.url, other_echo);
  EXPECT_FALSE(cross.json().at("headers").as_object().contains("authorization"));
  EXPECT_EQ(std::string(cross.json().at("headers").at("host").as_string()),
            "127.0.0.1:" + std::to_string(other.port()));

  auto e = failure([&]() -> task<void> { co_await c.get(base + "/loop"); });
  EXPECT_EQ(e.kind(), client_error_kind::redirect);
  EXPECT_NE(std::string(e.what()).find("more than 3 redirects"), std::string::npos) << e.what();
  e = failure([&]() -> task<void> { co_await c.get(base + "/to-ftp"); });
  EXPECT_EQ(e.kind(), client_error_kind::redirect);
}

// A handler that calls another service: the client runs on the server's own loop, and its
// failure reaches the caller as 502 problem+json.
TEST(ClientTest, FromAHandler) {
  server upstream(local_options());
  add_routes(upstream);
  upstream.start();
  const std::string up = base_url(upstream);
  const std::string dead = "http://127.0.0.1:" + std::to_string(strata::testing::free_port()) + "/";

  server srv(local_options(2));
  client c;
  srv.get("/proxy", [&](request&, response& res) -> task<void> {
    auto r = co_await c.get(up + "/hello");
    res.text("upstream said " + r.body);
  });
  srv.get("/dead", [&](request&, response& res) -> task<void> {
    auto r = co_await c.get(dead);
    res.text(r.body);
  });
  srv.start();
  for (int i = 0; i < 4; ++i) {
    auto r = testing::get(srv.port(), "/proxy");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "upstream said hello");
  }
  EXPECT_LE(c.stats().connects, 2u);  // at most one per loop: each loop keeps its own
  auto r = testing::get(srv.port(), "/dead");
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
}

// ---------------------------------------------------------------------------------------------
// TLS, with a certificate made for the test

struct tls_files {
  temp_dir dir;
  std::string cert, key;
  bool ok = false;
  std::string why;
  tls_files() {
    cert = (dir / "cert.pem").string();
    key = (dir / "key.pem").string();
    if (!testing::have_command("openssl")) {
      why = "openssl command missing";
      return;
    }
    auto r = testing::run_command(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout '" + key + "' -out '" +
        cert + "' -days 2 -subj /CN=localhost -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' 2>&1");
    ok = r.status == 0;
    why = r.output;
  }
};

TEST(ClientTest, Tls) {
  tls_files files;
  if (!files.ok) GTEST_SKIP() << "cannot make a certificate: " << files.why;
  server_options o = local_options();
  o.tls.cert_file = files.cert;
  o.tls.key_file = files.key;
  server srv(o);
  add_routes(srv);
  srv.start();
  const std::string port = std::to_string(srv.port());

  client trusted({.ca_file = files.cert});
  run([&]() -> task<int> {
    for (const std::string host : {"127.0.0.1", "localhost", "127.0.0.1"}) {
      auto r = co_await trusted.get("https://" + host + ":" + port + "/hello");
      EXPECT_EQ(r.body, "hello") << host;
    }
    client_request req{
        .method = "POST", .url = "https://127.0.0.1:" + port + "/echo", .body = std::string(100000, 'p')};
    auto echo = co_await trusted.fetch(std::move(req));
    EXPECT_EQ(echo.json().at("body").as_string().size(), 100000u);
    co_return 0;
  });
  // localhost and 127.0.0.1 are two origins: one connection each, reused.
  EXPECT_EQ(trusted.stats().connects, 2u);
  EXPECT_EQ(trusted.stats().reuses, 2u);

  // The same trust as PEM text.
  std::ifstream in(files.cert);
  const std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  client by_pem({.ca_pem = pem});
  EXPECT_EQ(run([&]() -> task<int> { co_return (co_await by_pem.get("https://localhost:" + port + "/hello")).status; }),
            200);

  // The system store alone does not know this certificate.
  client strict;
  auto e = failure([&]() -> task<void> { co_await strict.get("https://localhost:" + port + "/hello"); });
  EXPECT_EQ(e.kind(), client_error_kind::tls);
  EXPECT_EQ(e.http_status(), 502);
  EXPECT_NE(std::string(e.what()).find("certificate verify failed"), std::string::npos) << e.what();

  // Trusted, but for another name.
  client wrong_name({.ca_file = files.cert, .server_name = "other.example"});
  e = failure([&]() -> task<void> { co_await wrong_name.get("https://127.0.0.1:" + port + "/hello"); });
  EXPECT_EQ(e.kind(), client_error_kind::tls);
  EXPECT_NE(std::string(e.what()).find("hostname mismatch"), std::string::npos) << e.what();

  // Verification off (development only) accepts it.
  client lax({.tls_verify = false});
  EXPECT_EQ(run([&]() -> task<int> { co_return (co_await lax.get("https://127.0.0.1:" + port + "/hello")).status; }),
            200);

  // TLS to a plain-HTTP port fails as TLS, and quickly.
  server plain(local_options());
  plain.start();
  e = failure([&]() -> task<void> { co_await trusted.get("https://127.0.0.1:" + std::to_string(plain.port()) + "/"); });
  EXPECT_EQ(e.kind(), client_error_kind::tls);

  // A CA file that does not exist is a usage error at the first https request.
  client missing({.ca_file = (files.dir / "nope.pem").string()});
  e = failure([&]() -> task<void> { co_await missing.get("https://127.0.0.1:" + port + "/hello"); });
  EXPECT_EQ(e.kind(), client_error_kind::usage);
}

// ---------------------------------------------------------------------------------------------
// Answers only a scripted server gives

TEST(ClientTest, CloseDelimitedAndInformationalAnswers) {
  scripted_server close_delimited("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
  client c;
  auto r = run([&]() -> task<client_response> { co_return co_await c.get(close_delimited.url()); });
  EXPECT_EQ(r.body, "until the end");
  r = run([&]() -> task<client_response> { co_return co_await c.get(close_delimited.url()); });
  EXPECT_EQ(close_delimited.accepted(), 2);  // not reused

  scripted_server informational(
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
      "HTTP/1.1 201 Created\r\nContent-Length: 2\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nok",
      after_reply::keep_open);
  run([&]() -> task<int> {
    for (int i = 0; i < 2; ++i) {
      auto res = co_await c.get(informational.url());
      EXPECT_EQ(res.status, 201);
      EXPECT_EQ(res.body, "ok");
      EXPECT_EQ(res.header_values("set-cookie"), (std::vector<std::string_view>{"a=1", "b=2"}));
    }
    co_return 0;
  });
  EXPECT_EQ(informational.accepted(), 1);

  // A server that says keep-alive with a short timeout: the hint wins over idle_timeout.
  scripted_server hinted("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nKeep-Alive: timeout=1\r\n\r\nk",
                         after_reply::keep_open);
  run([&]() -> task<int> {
    co_await c.get(hinted.url());
    co_await c.get(hinted.url());  // timeout=1 leaves no time at all once the margin is taken
    co_return 0;
  });
  EXPECT_EQ(hinted.accepted(), 2);
}

TEST(ClientTest, MalformedAndTruncatedAnswers) {
  client c;
  scripted_server garbage("SMTP ready\r\n\r\n");
  auto e = failure([&]() -> task<void> { co_await c.get(garbage.url()); });
  EXPECT_EQ(e.kind(), client_error_kind::protocol);

  scripted_server truncated("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
  e = failure([&]() -> task<void> { co_await c.get(truncated.url()); });
  EXPECT_EQ(e.kind(), client_error_kind::connect);
  EXPECT_NE(std::string(e.what()).find("closed before a whole response"), std::string::npos) << e.what();

  scripted_server huge_head("HTTP/1.1 200 OK\r\nX-Big: " + std::string(100000, 'h') + "\r\nContent-Length: 0\r\n\r\n");
  e = failure([&]() -> task<void> { co_await c.get(huge_head.url()); });
  EXPECT_EQ(e.kind(), client_error_kind::too_large);

  scripted_server bad_gzip("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope");
  e = failure([&]() -> task<void> { co_await c.get(bad_gzip.url()); });
  EXPECT_EQ(e.kind(), client_error_kind::protocol);
}

// ---------------------------------------------------------------------------------------------
// nginx: another server's idea of HTTP/1.1 (gzip on, chunked, keep-alive, its own redirects)

// On PATH, or where Debian puts it (sbin is not on every user's PATH), as scripts/services looks.
std::string nginx_binary() {
  auto r = testing::run_command("command -v nginx");
  while (!r.output.empty() && r.output.back() == '\n') r.output.pop_back();
  if (r.status == 0 && !r.output.empty()) return r.output;
  return ::access("/usr/sbin/nginx", X_OK) == 0 ? "/usr/sbin/nginx" : "";
}

TEST(ClientTest, Nginx) {
  const std::string bin = nginx_binary();
  if (bin.empty()) GTEST_SKIP() << "nginx is not installed";
  temp_dir dir;
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "line " + std::to_string(i) + " of a text nginx gzips\n";
  dir.write("html/file.txt", text);
  dir.write("tmp/.keep", "");
  const auto port = strata::testing::free_port();
  const std::string d = dir.path().string();
  dir.write("nginx.conf", "daemon off;\nmaster_process off;\npid " + d + "/nginx.pid;\nerror_log " + d +
                              "/error.log warn;\nevents { worker_connections 64; }\nhttp {\n  access_log off;\n"
                              "  client_body_temp_path " +
                              d + "/tmp/body;\n  proxy_temp_path " + d +
                              "/tmp/proxy;\n"
                              "  fastcgi_temp_path " +
                              d + "/tmp/fastcgi;\n  uwsgi_temp_path " + d +
                              "/tmp/uwsgi;\n"
                              "  scgi_temp_path " +
                              d +
                              "/tmp/scgi;\n  types { text/plain txt; }\n"
                              "  gzip on;\n  gzip_types text/plain;\n  gzip_min_length 1;\n"
                              "  server {\n    listen 127.0.0.1:" +
                              std::to_string(port) + ";\n    root " + d +
                              "/html;\n"
                              "    location = /old { return 301 /file.txt; }\n"
                              "    location = /health { default_type text/plain; return 200 \"ok\"; }\n  }\n}\n");
  const pid_t pid = strata::testing::spawn(bin, {"-p", d, "-c", d + "/nginx.conf", "-e", d + "/error.log"});
  ASSERT_GT(pid, 0);
  struct stopper {
    pid_t pid;
    ~stopper() {
      ::kill(pid, SIGTERM);
      strata::testing::wait_exit(pid);
    }
  } stop{pid};
  const std::string base = "http://127.0.0.1:" + std::to_string(port);

  client c({.max_redirects = 2});
  // Wait until it listens.
  bool up = false;
  for (int i = 0; i < 100 && !up; ++i) {
    try {
      up = run([&]() -> task<int> { co_return (co_await c.get(base + "/health")).status; }) == 200;
    } catch (const client_error&) {
      std::this_thread::sleep_for(50ms);
    }
  }
  ASSERT_TRUE(up) << "nginx did not start";
  const auto connects_before = c.stats().connects;

  run([&]() -> task<int> {
    auto r = co_await c.get(base + "/file.txt");
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.body == text);
    EXPECT_EQ(r.header("transfer-encoding"), "chunked");  // gzip output has no length up front
    EXPECT_FALSE(r.header("content-encoding"));
    EXPECT_EQ(r.header("server").value_or("").substr(0, 5), "nginx");

    auto moved = co_await c.get(base + "/old");
    EXPECT_EQ(moved.status, 200);
    EXPECT_EQ(moved.redirects, 1u);
    EXPECT_EQ(moved.url, base + "/file.txt");
    EXPECT_TRUE(moved.body == text);

    auto missing = co_await c.get(base + "/missing");
    EXPECT_EQ(missing.status, 404);

    client_request head{.method = "HEAD", .url = base + "/file.txt"};
    head.header("Accept-Encoding", "identity");
    auto h = co_await c.fetch(std::move(head));
    EXPECT_EQ(h.header("content-length"), std::to_string(text.size()));
    EXPECT_EQ(h.body, "");
    co_return 0;
  });
  // Every request went over one keep-alive connection.
  EXPECT_EQ(c.stats().connects - connects_before, 1u);
}

}  // namespace
}  // namespace strata::http
