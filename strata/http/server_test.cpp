// Integration tests for the HTTP server: a real server on a loopback port, driven by a raw socket
// client (strata/http/testing/raw_client.hpp) so that exact bytes, pipelining, trickling and
// malformed input can be sent; curl and the openssl CLI where a real client or real TLS is needed.
#include <strata/core/loops.hpp>
#include <strata/http/compression.hpp>
#include <strata/http/error.hpp>
#include <strata/http/middleware.hpp>
#include <strata/http/server.hpp>
#include <strata/http/static_files.hpp>
#include <strata/http/testing/local_server.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <cerrno>
#include <cstdlib>

namespace strata::http {
namespace {

using namespace std::chrono_literals;
using testing::fetch;
using testing::get_request;
using testing::post_request;
using testing::local_options;
using testing::raw_client;
using testing::raw_response;
using testing::sleep_for;
namespace fs = std::filesystem;
namespace json = boost::json;
using clock_type = std::chrono::steady_clock;

long ms_since(clock_type::time_point t0) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - t0).count());
}

// The routes most tests use.
void add_basic_routes(scope& s) {
  s.get("/hello", [](request&, response& res) { res.text("hello"); });
  s.get("/n/:n", [](request& req, response& res) { res.text("n=" + std::string(req.param("n"))); });
  s.post("/echo", [](request& req, response& res) {
    res.type("application/octet-stream");
    res.set("X-Method", req.method_text());
    res.send(std::string(req.body()));
  });
}

std::set<std::string> split_list(std::string_view list) {
  std::set<std::string> out;
  while (!list.empty()) {
    auto comma = list.find(',');
    auto item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

bool is_hex32(std::string_view s) {
  if (s.size() != 32) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// A temporary folder removed at the end of the test.
struct temp_dir {
  fs::path path;
  temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "strata-server-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path write(const std::string& name, std::string_view content) const {
    fs::path p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream f(p, std::ios::binary);
    f.write(content.data(), static_cast<std::streamsize>(content.size()));
    return p;
  }
};

std::string pseudo_random_bytes(std::size_t n) {
  std::string s(n, '\0');
  std::uint32_t x = 2463534242u;
  for (auto& c : s) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x & 0xff);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Basics

TEST(ServerTest, GetAndPostWithBody) {
  server srv(local_options());
  add_basic_routes(srv);
  srv.start();

  auto r = fetch(srv.port(), get_request("/hello"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->reason, "OK");
  EXPECT_EQ(r->body, "hello");
  EXPECT_EQ(r->header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r->header("Content-Length"), "5");
  EXPECT_EQ(r->header("Server"), "strata");
  ASSERT_TRUE(r->header("Date"));
  EXPECT_EQ(r->header("Date")->size(), 29u);
  EXPECT_FALSE(r->has("Connection"));

  auto p = fetch(srv.port(), post_request("/echo", "some body bytes"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->status, 200);
  EXPECT_EQ(p->body, "some body bytes");
  EXPECT_EQ(p->header("X-Method"), "POST");

  // A large body, so the read buffer has to grow while the body arrives.
  std::string big = pseudo_random_bytes(300 * 1024);
  auto b = fetch(srv.port(), post_request("/echo", big));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->status, 200);
  EXPECT_EQ(b->body.size(), big.size());
  EXPECT_TRUE(b->body == big);
}

TEST(ServerTest, JsonEcho) {
  server srv(local_options());
  srv.post("/json", [](request& req, response& res) {
    json::object out;
    out["got"] = req.json();
    out["type"] = std::string(req.header("Content-Type").value_or(""));
    res.status(201).json(out);
  });
  srv.start();

  auto r = fetch(srv.port(), post_request("/json", R"({"a":1,"b":[true,null,"x"],"c":{"d":2.5}})",
                                          "Content-Type: application/json\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->header("Content-Type"), "application/json; charset=utf-8");
  auto v = json::parse(r->body);
  EXPECT_EQ(v.at("got"), json::parse(R"({"a":1,"b":[true,null,"x"],"c":{"d":2.5}})"));
  EXPECT_EQ(v.at("type"), "application/json");
  EXPECT_EQ(r->header("Content-Length"), std::to_string(r->body.size()));

  auto bad = fetch(srv.port(), post_request("/json", "{not json", "Content-Type: application/json\r\n"));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(bad->header("Content-Type"), "application/problem+json");
  EXPECT_EQ(json::parse(bad->body).at("status"), 400);

  // A number beyond a double's range would come back as `Infinity`, which is not JSON: refused.
  auto huge = fetch(srv.port(), post_request("/json", R"({"a":[1e999]})", "Content-Type: application/json\r\n"));
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 400) << huge->body;
}

TEST(ServerTest, PathParamsArePercentDecoded) {
  server srv(local_options());
  srv.get("/users/:id/files/*", [](request& req, response& res) {
    json::object o;
    o["id"] = req.param("id");
    o["rest"] = req.param("*");
    o["path"] = req.path();
    o["raw"] = req.raw_path();
    o["pattern"] = req.route_pattern();
    o["missing"] = req.param("nope");
    res.json(o);
  });
  srv.start();

  auto r = fetch(srv.port(), get_request("/users/J%C3%B6rg%20X/files/a%2Fb/c%20d.txt"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto v = json::parse(r->body);
  EXPECT_EQ(v.at("id"), "J\xC3\xB6rg X");
  EXPECT_EQ(v.at("rest"), "a/b/c d.txt");
  EXPECT_EQ(v.at("path"), "/users/J\xC3\xB6rg X/files/a/b/c d.txt");
  EXPECT_EQ(v.at("raw"), "/users/J%C3%B6rg%20X/files/a%2Fb/c%20d.txt");
  EXPECT_EQ(v.at("pattern"), "/users/:id/files/*");
  EXPECT_EQ(v.at("missing"), "");

  // A malformed escape in the path is the client's error, and the connection stays usable.
  raw_client c(srv.port());
  ASSERT_TRUE(c.send(get_request("/users/%zz/files/x")));
  auto bad = c.read_response();
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(bad->header("Content-Type"), "application/problem+json");
  ASSERT_TRUE(c.send(get_request("/users/7/files/x")));
  auto ok = c.read_response();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(json::parse(ok->body).at("id"), "7");
}

TEST(ServerTest, QueryStrings) {
  server srv(local_options());
  srv.get("/q", [](request& req, response& res) {
    json::object o;
    o["qs"] = req.query_string();
    for (const char* name : {"a", "b", "c", "empty", "flag", "missing"}) {
      auto v = req.query(name);
      o[name] = v ? json::value(*v) : json::value(nullptr);
    }
    o["count"] = req.query_params().size();
    res.json(o);
  });
  srv.start();

  auto r = fetch(srv.port(), get_request("/q?a=1&b=hello+world%21&c=%26x%3D&a=2&empty=&flag&bad=%zz"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto v = json::parse(r->body);
  EXPECT_EQ(v.at("qs"), "a=1&b=hello+world%21&c=%26x%3D&a=2&empty=&flag&bad=%zz");
  EXPECT_EQ(v.at("a"), "1");  // the first value
  EXPECT_EQ(v.at("b"), "hello world!");
  EXPECT_EQ(v.at("c"), "&x=");
  EXPECT_EQ(v.at("empty"), "");
  EXPECT_EQ(v.at("flag"), "");
  EXPECT_TRUE(v.at("missing").is_null());
  EXPECT_EQ(v.at("count"), 7);

  auto none = fetch(srv.port(), get_request("/q"));
  ASSERT_TRUE(none);
  EXPECT_EQ(json::parse(none->body).at("count"), 0);
}

// ---------------------------------------------------------------------------------------------
// Connection management

TEST(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  server srv(local_options());
  add_basic_routes(srv);
  srv.start();

  raw_client c(srv.port());
  for (int i = 0; i < 10; ++i) {
    const std::string n = std::to_string(i);
    std::string expected = std::string(i % 2 ? "n=" : "x").append(n);
    ASSERT_TRUE(c.send(i % 2 ? get_request(std::string("/n/").append(n)) : post_request("/echo", expected)));
    auto r = c.read_response();
    ASSERT_TRUE(r) << i << " " << testing::to_string(c.last_end());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, expected);
    EXPECT_FALSE(r->has("Connection"));
  }
  EXPECT_EQ(srv.connections(), 1u);
}

// Forty keep-alive connections to two loops: the kernel's port hash alone splits them unevenly more
// often than not (a split within 19..21 has odds of about 0.37); the loops hand connections over.
TEST(ServerTest, LongLivedConnectionsAreSpreadEvenlyOverTheLoops) {
  server srv(local_options(2));
  srv.get("/loop", [&](request&, response& res) {
    res.send(std::string_view(strata::loops::current() == &srv.loop(0) ? "0" : "1"));
  });
  srv.start();
  std::vector<raw_client> clients;
  int per_loop[2] = {0, 0};
  for (int i = 0; i < 40; ++i) {
    clients.emplace_back(srv.port());
    ASSERT_TRUE(clients.back().send(get_request("/loop")));
    auto r = clients.back().read_response();
    ASSERT_TRUE(r) << i;
    ASSERT_EQ(r->status, 200);
    ++per_loop[r->body == "0" ? 0 : 1];
  }
  EXPECT_LE(std::abs(per_loop[0] - per_loop[1]), 2) << per_loop[0] << " and " << per_loop[1];
  // Handed-over connections keep serving.
  for (auto& c : clients) {
    ASSERT_TRUE(c.send(get_request("/loop")));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  EXPECT_EQ(srv.connections(), 40u);
}

TEST(ServerTest, Http10ClosesUnlessKeepAliveIsAsked) {
  server srv(local_options());
  add_basic_routes(srv);
  srv.start();

  {
    raw_client c(srv.port());
    ASSERT_TRUE(c.send("GET /hello HTTP/1.0\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "hello");
    EXPECT_EQ(r->header("Connection"), "close");
    EXPECT_TRUE(c.wait_closed(2s));
  }
  {
    raw_client c(srv.port());
    ASSERT_TRUE(c.send("GET /n/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "n=1");
    EXPECT_EQ(r->header("Connection"), "keep-alive");
    EXPECT_EQ(r->header("Content-Length"), "3");
    ASSERT_TRUE(c.send("GET /n/2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "n=2");
    // Without the header the third request closes.
    ASSERT_TRUE(c.send("GET /n/3 HTTP/1.0\r\n\r\n"));
    r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "n=3");
    EXPECT_EQ(r->header("Connection"), "close");
    EXPECT_TRUE(c.wait_closed(2s));
  }
}

TEST(ServerTest, ConnectionCloseIsHonoured) {
  server srv(local_options());
  add_basic_routes(srv);
  srv.get("/bye", [](request&, response& res) {
    res.set("Connection", "close");
    res.text("bye");
  });
  srv.start();

  {
    raw_client c(srv.port());
    // The second request must not be answered: the first one closed the connection.
    ASSERT_TRUE(c.send(get_request("/hello", "Connection: close\r\n") + get_request("/n/2")));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "hello");
    EXPECT_EQ(r->header("Connection"), "close");
    EXPECT_TRUE(c.wait_closed(2s));
    EXPECT_EQ(c.buffered(), "");
  }
  {
    // A handler can close the connection too.
    raw_client c(srv.port());
    ASSERT_TRUE(c.send(get_request("/bye")));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "bye");
    EXPECT_EQ(r->all("Connection").size(), 1u);
    EXPECT_EQ(r->header("Connection"), "close");
    EXPECT_TRUE(c.wait_closed(2s));
  }
}

TEST(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  server srv(local_options());
  add_basic_routes(srv);
  srv.start();

  raw_client c(srv.port());
  std::string batch;
  for (int i = 0; i < 20; ++i) batch += get_request("/n/" + std::to_string(i));
  ASSERT_TRUE(c.send(batch));
  for (int i = 0; i < 20; ++i) {
    auto r = c.read_response();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "n=" + std::to_string(i));
  }
  // More than max_pipelined (64) at once still works.
  batch.clear();
  for (int i = 0; i < 150; ++i) batch += get_request("/n/" + std::to_string(i));
  ASSERT_TRUE(c.send(batch));
  for (int i = 0; i < 150; ++i) {
    auto r = c.read_response();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->body, "n=" + std::to_string(i));
  }
}

TEST(ServerTest, PipelinedMixWithBodies) {
  server srv(local_options());
  add_basic_routes(srv);
  srv.start();

  raw_client c(srv.port());
  std::string batch = get_request("/n/1") + post_request("/echo", "first body") +
                      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n" +
                      get_request("/hello", {}, "HEAD") + post_request("/echo", "") + get_request("/nope") +
                      get_request("/n/2");
  ASSERT_TRUE(c.send(batch));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "n=1");
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "first body");
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "abcde");
  r = c.read_response(/*head_request=*/true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Content-Length"), "5");
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "");
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "n=2");
}

TEST(ServerTest, ChunkedRequestBodies) {
  server srv(local_options());
  add_basic_routes(srv);
  srv.start();

  {
    // Split at awkward places (inside the size line, the data, the CRLFs), with pauses.
    raw_client c(srv.port());
    std::vector<std::string> parts = {"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n",
                                      "5\r\nhel", "lo\r", "\n6;ext=1\r\n worl", "d\r\n1", "0\r\n0123456789abcdef\r\n",
                                      "0\r\nX-Trailer: yes\r\n", "\r\n"};
    for (const auto& part : parts) {
      ASSERT_TRUE(c.send(part));
      std::this_thread::sleep_for(15ms);
    }
    auto r = c.read_response();
    ASSERT_TRUE(r) << testing::to_string(c.last_end());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "hello world0123456789abcdef");
    // The connection is still in sync.
    ASSERT_TRUE(c.send(get_request("/n/9")));
    r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "n=9");
  }
  {
    // A large chunked body, many chunks, the buffer grows and moves while it is decoded.
    std::string body = pseudo_random_bytes(200 * 1024);
    std::string req = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (std::size_t off = 0; off < body.size(); off += 3000) {
      auto piece = std::string_view(body).substr(off, 3000);
      char size[32];
      std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
      req.append(size).append(piece).append("\r\n");
    }
    req += "0\r\n\r\n";
    raw_client c(srv.port());
    ASSERT_TRUE(c.send(req.substr(0, req.size() / 2)));
    std::this_thread::sleep_for(20ms);
    ASSERT_TRUE(c.send(req.substr(req.size() / 2)));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body.size(), body.size());
    EXPECT_TRUE(r->body == body);
  }
}

TEST(ServerTest, ExpectContinue) {
  server_options o = local_options();
  o.limits.max_body = 1000;
  server srv(o);
  add_basic_routes(srv);
  srv.start();

  {
    raw_client c(srv.port());
    ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n"));
    auto interim = c.read_response();
    ASSERT_TRUE(interim) << testing::to_string(c.last_end());
    EXPECT_EQ(interim->status, 100);
    EXPECT_EQ(interim->reason, "Continue");
    EXPECT_EQ(c.buffered(), "");  // nothing but the interim response so far
    ASSERT_TRUE(c.send("hello world"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "hello world");
  }
  {
    // Chunked with Expect.
    raw_client c(srv.port());
    ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"));
    auto interim = c.read_response();
    ASSERT_TRUE(interim);
    EXPECT_EQ(interim->status, 100);
    ASSERT_TRUE(c.send("4\r\nabcd\r\n0\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "abcd");
  }
  {
    // Too large: the final answer comes at once, without 100 Continue.
    raw_client c(srv.port());
    ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_TRUE(c.wait_closed(2s));
  }
}

TEST(ServerTest, HeadOptionsAndMethodErrors) {
  server srv(local_options());
  add_basic_routes(srv);
  srv.get("/res", [](request&, response& res) { res.text("resource body"); });
  srv.post("/res", [](request&, response& res) { res.status(201).text("created"); });
  srv.start();

  raw_client c(srv.port());
  ASSERT_TRUE(c.send(get_request("/res")));
  auto get = c.read_response();
  ASSERT_TRUE(get);
  ASSERT_TRUE(c.send(get_request("/res", {}, "HEAD")));
  auto head = c.read_response(/*head_request=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("Content-Length"), get->header("Content-Length"));
  EXPECT_EQ(head->header("Content-Length"), "13");
  EXPECT_EQ(head->header("Content-Type"), get->header("Content-Type"));
  // No body bytes followed the HEAD response: the next response parses cleanly.
  ASSERT_TRUE(c.send(get_request("/n/5")));
  auto next = c.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "n=5");

  ASSERT_TRUE(c.send(get_request("/res", {}, "OPTIONS")));
  auto opt = c.read_response();
  ASSERT_TRUE(opt);
  EXPECT_EQ(opt->status, 204);
  ASSERT_TRUE(opt->header("Allow"));
  EXPECT_EQ(split_list(*opt->header("Allow")), (std::set<std::string>{"GET", "HEAD", "POST", "OPTIONS"}));
  EXPECT_FALSE(opt->has("Content-Length"));

  ASSERT_TRUE(c.send(post_request("/res", "x", {}, "PUT")));
  auto put = c.read_response();
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405);
  ASSERT_TRUE(put->header("Allow"));
  EXPECT_EQ(split_list(*put->header("Allow")), (std::set<std::string>{"GET", "HEAD", "POST", "OPTIONS"}));
  EXPECT_EQ(put->header("Content-Type"), "application/problem+json");
  EXPECT_EQ(json::parse(put->body).at("status"), 405);

  ASSERT_TRUE(c.send(get_request("/does/not/exist")));
  auto nf = c.read_response();
  ASSERT_TRUE(nf);
  EXPECT_EQ(nf->status, 404);
  EXPECT_EQ(nf->header("Content-Type"), "application/problem+json");
  auto doc = json::parse(nf->body);
  EXPECT_EQ(doc.at("status"), 404);
  EXPECT_EQ(doc.at("title"), "Not Found");
  EXPECT_EQ(doc.at("type"), "about:blank");

  // The connection survived all of that.
  ASSERT_TRUE(c.send(get_request("/hello")));
  auto last = c.read_response();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->body, "hello");
}

// ---------------------------------------------------------------------------------------------
// Smuggling and malformed input

TEST(ServerTest, SmugglingAndMalformedRequestsAreRefusedAndClosed) {
  server srv(local_options());
  add_basic_routes(srv);
  srv.start();

  struct bad_case {
    const char* name;
    std::string bytes;
  };
  const std::string post = "POST /echo HTTP/1.1\r\nHost: t\r\n";
  std::vector<bad_case> cases = {
      {"CL+TE", post + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nX"},
      {"TE+CL", post + "Transfer-Encoding: chunked\r\nContent-Length: 6\r\n\r\n0\r\n\r\nX"},
      {"duplicate differing CL", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"},
      {"CL list differing", post + "Content-Length: 5, 6\r\n\r\nhello!"},
      {"negative CL", post + "Content-Length: -1\r\n\r\n"},
      {"bad chunk size", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"},
      {"chunk size 0x", post + "Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n"},
      {"chunk without CRLF", post + "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n"},
      {"TE not chunked last", post + "Transfer-Encoding: chunked, gzip\r\n\r\n"},
      {"obs-fold", "GET /hello HTTP/1.1\r\nHost: t\r\nX-A: a\r\n b\r\n\r\n"},
      {"bare LF", "GET /hello HTTP/1.1\nHost: t\n\n"},
      {"bare LF in header", "GET /hello HTTP/1.1\r\nHost: t\nX-A: b\r\n\r\n"},
      {"space before colon", "GET /hello HTTP/1.1\r\nHost : t\r\n\r\n"},
      {"missing Host", "GET /hello HTTP/1.1\r\n\r\n"},
      {"two Hosts", "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"},
      {"NUL in header", std::string("GET /hello HTTP/1.1\r\nHost: t\r\nX-A: a") + '\0' + "b\r\n\r\n"},
      {"garbage", "\x16\x03\x01\x02\xfc not http at all\r\n\r\n"},
  };
  for (const auto& bc : cases) {
    SCOPED_TRACE(bc.name);
    raw_client c(srv.port(), 3s);
    ASSERT_TRUE(c.send(bc.bytes));
    auto r = c.read_response();
    ASSERT_TRUE(r) << testing::to_string(c.last_end());
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(r->header("Connection"), "close");
    EXPECT_EQ(r->header("Content-Type"), "application/problem+json");
    EXPECT_TRUE(c.wait_closed(2s));
    // Nothing else (in particular no response to a smuggled second request) came back.
    EXPECT_EQ(c.buffered(), "");
    // The server keeps serving on new connections.
    auto ok = fetch(srv.port(), get_request("/hello"));
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200);
  }
}

TEST(ServerTest, HeadLimits) {
  server_options o = local_options();
  o.limits.head.max_request_line = 256;
  o.limits.head.max_head_bytes = 512;
  o.limits.head.max_headers = 10;
  server srv(o);
  add_basic_routes(srv);
  srv.start();

  auto expect_refused = [&](const std::string& bytes, int status) {
    raw_client c(srv.port(), 3s);
    ASSERT_TRUE(c.send(bytes));
    auto r = c.read_response();
    ASSERT_TRUE(r) << testing::to_string(c.last_end());
    EXPECT_EQ(r->status, status);
    EXPECT_EQ(r->header("Content-Type"), "application/problem+json");
    EXPECT_TRUE(c.wait_closed(2s));
    auto ok = fetch(srv.port(), get_request("/hello"));
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200);
  };
  {
    SCOPED_TRACE("long request line");
    expect_refused(get_request("/n/" + std::string(400, 'a')), 414);
  }
  {
    SCOPED_TRACE("long request line, no end in sight");
    expect_refused("GET /" + std::string(300, 'a'), 414);
  }
  {
    SCOPED_TRACE("huge header");
    expect_refused(get_request("/hello", "X-Big: " + std::string(1000, 'b') + "\r\n"), 431);
  }
  {
    SCOPED_TRACE("too many headers");
    std::string headers;
    for (int i = 0; i < 20; ++i) headers += "X-H" + std::to_string(i) + ": v\r\n";
    expect_refused(get_request("/hello", headers), 431);
  }
  // Right at the limits is fine.
  std::string headers;
  for (int i = 0; i < 9; ++i) headers += "X-H" + std::to_string(i) + ": v\r\n";  // + Host = 10
  auto ok = fetch(srv.port(), get_request("/hello", headers));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST(ServerTest, BodyLimits) {
  server_options o = local_options();
  o.limits.max_body = 100;
  server srv(o);
  add_basic_routes(srv);
  route_options big;
  big.body_limit = 1000;
  srv.post("/big", [](request& req, response& res) { res.text(std::to_string(req.body().size())); }, big);
  srv.start();

  {
    auto r = fetch(srv.port(), post_request("/echo", std::string(100, 'x')));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body.size(), 100u);
  }
  {
    raw_client c(srv.port());
    ASSERT_TRUE(c.send(post_request("/echo", std::string(101, 'x'))));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(r->header("Content-Type"), "application/problem+json");
    EXPECT_EQ(json::parse(r->body).at("status"), 413);
    EXPECT_EQ(r->header("Connection"), "close");
    EXPECT_TRUE(c.wait_closed(2s));
  }
  {
    // Chunked: the limit applies to the decoded size, detected while decoding.
    raw_client c(srv.port());
    std::string chunk(60, 'y');
    ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3c\r\n" + chunk + "\r\n3c\r\n" +
                       chunk + "\r\n0\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(r->header("Connection"), "close");
    EXPECT_TRUE(c.wait_closed(2s));
  }
  {
    // A route can raise its own limit.
    auto r = fetch(srv.port(), post_request("/big", std::string(900, 'z')));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "900");
    auto over = fetch(srv.port(), post_request("/big", std::string(1001, 'z')));
    ASSERT_TRUE(over);
    EXPECT_EQ(over->status, 413);
  }
}

TEST(ServerTest, ProtocolErrorsUseTheirOwnStatus) {
  server srv(local_options());
  add_basic_routes(srv);
  srv.start();

  struct protocol_case {
    const char* name;
    std::string bytes;
    int status;
  };
  for (const auto& pc : {protocol_case{"HTTP/2.0 request line", "GET /hello HTTP/2.0\r\nHost: t\r\n\r\n", 505},
                         protocol_case{"unknown expectation", "GET /hello HTTP/1.1\r\nHost: t\r\nExpect: magic\r\n\r\n", 417},
                         protocol_case{"unknown transfer coding",
                                       "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501}}) {
    SCOPED_TRACE(pc.name);
    raw_client c(srv.port(), 3s);
    ASSERT_TRUE(c.send(pc.bytes));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, pc.status);
    EXPECT_EQ(r->header("Content-Type"), "application/problem+json");
    EXPECT_TRUE(c.wait_closed(2s));
  }

  // An absolute-form target is routed by its path.
  auto r = fetch(srv.port(), "GET http://example.com/n/4?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "n=4");
}

TEST(ServerTest, HeaderValuesCannotSplitTheResponse) {
  server srv(local_options());
  add_basic_routes(srv);
  // The classic response-splitting hole: a redirect target taken from the (decoded) query.
  srv.get("/go", [](request& req, response& res) { res.redirect(req.query("next").value_or("/")); });
  srv.get("/set", [](request& req, response& res) {
    res.set("X-Echo", req.query("v").value_or(""));
    res.text("set");
  });
  srv.get("/append", [](request& req, response& res) {
    res.append(req.query("name").value_or("X-Name"), "v");
    res.text("append");
  });
  srv.start();

  raw_client c(srv.port());
  ASSERT_TRUE(c.send(get_request("/go?next=/home")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 302);
  EXPECT_EQ(r->header("Location"), "/home");

  for (const char* target : {"/go?next=/home%0d%0aSet-Cookie:%20evil=1", "/go?next=/home%0aSet-Cookie:%20evil=1",
                             "/set?v=a%0d%0aSet-Cookie:%20evil=1", "/set?v=a%0d%0a%0d%0aHTTP/1.1%20200%20OK",
                             "/append?name=Set-Cookie:%20evil=1%0d%0aX"}) {
    SCOPED_TRACE(target);
    ASSERT_TRUE(c.send(get_request(target)));
    r = c.read_response();
    ASSERT_TRUE(r) << testing::to_string(c.last_end());
    EXPECT_EQ(r->status, 500);  // a handler bug, refused like any other exception
    EXPECT_FALSE(r->has("Set-Cookie"));
    EXPECT_FALSE(r->has("Location"));
    // Exactly one response came back: the next one is the answer to the next request.
    ASSERT_TRUE(c.send(get_request("/hello")));
    r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "hello");
  }
}

TEST(ServerTest, HalfClosedClientStillGetsItsResponses) {
  server srv(local_options());
  add_basic_routes(srv);
  srv.get("/slow", [](request&, response& res) -> task<void> {
    co_await sleep_for(50ms);
    res.text("slow");
  });
  srv.start();

  raw_client c(srv.port());
  ASSERT_TRUE(c.send(get_request("/n/1") + get_request("/slow") + post_request("/echo", "last")));
  ASSERT_EQ(::shutdown(c.fd(), SHUT_WR), 0);
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "n=1");
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "slow");
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "last");
  EXPECT_TRUE(c.wait_closed(2s));
}

// ---------------------------------------------------------------------------------------------
// Timeouts and connection limits

TEST(ServerTest, SlowHeadIsDroppedAtHeaderTimeout) {
  server_options o = local_options();
  o.limits.header_timeout = 1s;
  server srv(o);
  add_basic_routes(srv);
  srv.start();

  raw_client c(srv.port());
  auto t0 = clock_type::now();
  ASSERT_TRUE(c.send("GET /hello HTTP/1.1\r\nHost: t\r\n"));
  const std::string trickle = "X-Slow: " + std::string(100, 'a');
  bool closed = false;
  for (std::size_t i = 0; i < trickle.size() && ms_since(t0) < 5000; ++i) {
    if (!c.send(trickle.substr(i, 1))) {
      closed = true;
      break;
    }
    if (c.wait_closed(300ms)) {
      closed = true;
      break;
    }
  }
  auto elapsed = ms_since(t0);
  EXPECT_TRUE(closed);
  EXPECT_GE(elapsed, 900);  // the head had its full second
  EXPECT_LE(elapsed, 3000);
  EXPECT_EQ(c.buffered(), "");  // dropped without an answer
  auto ok = fetch(srv.port(), get_request("/hello"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST(ServerTest, IdleKeepAliveConnectionIsClosed) {
  server_options o = local_options();
  o.limits.idle_timeout = 1s;
  server srv(o);
  add_basic_routes(srv);
  srv.start();

  // A client that comes back every 600 ms, well within the idle timeout, is never cut off (the
  // server's deadlines are checked once a second, which must not shorten them).
  raw_client c(srv.port());
  for (int i = 0; i < 3; ++i) {
    if (i > 0) std::this_thread::sleep_for(600ms);
    ASSERT_TRUE(c.send(get_request("/n/" + std::to_string(i)))) << i;
    auto r = c.read_response();
    ASSERT_TRUE(r) << i << " " << testing::to_string(c.last_end());
    EXPECT_EQ(r->body, "n=" + std::to_string(i));
  }
  auto t0 = clock_type::now();
  EXPECT_TRUE(c.wait_closed(4s));
  auto elapsed = ms_since(t0);
  EXPECT_GE(elapsed, 900);  // idle for the whole timeout, not cut short by the tick
  EXPECT_LE(elapsed, 3000);
}

TEST(ServerTest, BodyTimeoutDoesNotLimitTheHandler) {
  // body_timeout bounds the upload; a handler that then takes longer must still get its response out.
  server_options o = local_options();
  o.limits.body_timeout = 1s;
  server srv(o);
  srv.post("/slow-post", [](request& req, response& res) -> task<void> {
    std::string body(req.body());
    co_await sleep_for(2200ms);
    res.text(body);
  });
  srv.start();

  raw_client c(srv.port());
  ASSERT_TRUE(c.send(post_request("/slow-post", "payload")));
  auto r = c.read_response();
  ASSERT_TRUE(r) << testing::to_string(c.last_end());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "payload");
}

TEST(ServerTest, StalledReaderIsDroppedAtWriteTimeout) {
  const std::string huge(32 * 1024 * 1024, 'h');  // far more than both socket buffers hold
  server_options o = local_options();
  o.limits.write_timeout = 1s;
  server srv(o);
  srv.get("/huge", [&](request&, response& res) { res.send(std::string_view(huge)); });
  srv.start();

  raw_client c(srv.port());
  int small = 4096;
  ::setsockopt(c.fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  ASSERT_TRUE(c.send(get_request("/huge")));
  ASSERT_TRUE(c.wait_for("HTTP/1.1 200 OK\r\n", 5s));  // the response is on its way
  EXPECT_EQ(srv.connections(), 1u);
  // Read no more. The server must give up on its own.
  auto t0 = clock_type::now();
  for (int i = 0; i < 100 && srv.connections() > 0 && ms_since(t0) < 5000; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(srv.connections(), 0u);
  EXPECT_LE(ms_since(t0), 3500);
}

TEST(ServerTest, MaxConnections) {
  server_options o = local_options();
  o.limits.max_connections = 2;
  server srv(o);
  add_basic_routes(srv);
  srv.start();

  raw_client c1(srv.port()), c2(srv.port());
  for (auto* c : {&c1, &c2}) {
    ASSERT_TRUE(c->send(get_request("/hello")));
    auto r = c->read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  EXPECT_EQ(srv.connections(), 2u);

  raw_client c3(srv.port());
  auto t0 = clock_type::now();
  EXPECT_TRUE(c3.wait_closed(2s));
  EXPECT_LE(ms_since(t0), 1000);
  EXPECT_EQ(c3.buffered(), "");

  for (auto* c : {&c1, &c2}) {
    ASSERT_TRUE(c->send(get_request("/n/3")));
    auto r = c->read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "n=3");
  }

  // Once one leaves, a new one gets in.
  c1.close();
  for (int i = 0; i < 200 && srv.connections() > 1; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(srv.connections(), 1u);
  auto r = fetch(srv.port(), get_request("/hello"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

// ---------------------------------------------------------------------------------------------
// Errors

void add_error_routes(scope& s) {
  s.get("/boom", [](request&, response&) -> void { throw std::runtime_error("database password is hunter2"); });
  s.get("/boom-async", [](request&, response&) -> task<void> {
    co_await sleep_for(1ms);
    throw std::runtime_error("async secret");
  });
  s.post("/validate", [](request&, response&) -> void {
    json::object extra;
    extra["errors"] = json::array{json::object{{"field", "name"}, {"message", "is required"}}};
    extra["instance"] = "/validate";
    throw http_error(422, "Validation failed", "name is required", std::move(extra));
  });
  s.get("/throw-int", [](request&, response&) -> void { throw 42; });
}

TEST(ServerTest, HandlerExceptionsBecome500WithoutInternals) {
  server srv(local_options());
  add_basic_routes(srv);
  add_error_routes(srv);
  srv.start();

  raw_client c(srv.port());
  for (const char* path : {"/boom", "/boom-async", "/throw-int"}) {
    SCOPED_TRACE(path);
    ASSERT_TRUE(c.send(get_request(path)));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 500);
    EXPECT_EQ(r->header("Content-Type"), "application/problem+json");
    EXPECT_EQ(r->body.find("hunter2"), std::string::npos);
    EXPECT_EQ(r->body.find("secret"), std::string::npos);
    auto doc = json::parse(r->body);
    EXPECT_EQ(doc.at("status"), 500);
    EXPECT_EQ(doc.at("title"), "Internal Server Error");
    EXPECT_FALSE(doc.as_object().contains("detail"));
  }

  ASSERT_TRUE(c.send(post_request("/validate", "{}")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_EQ(r->header("Content-Type"), "application/problem+json");
  auto doc = json::parse(r->body);
  EXPECT_EQ(doc.at("status"), 422);
  EXPECT_EQ(doc.at("title"), "Validation failed");
  EXPECT_EQ(doc.at("detail"), "name is required");
  EXPECT_EQ(doc.at("instance"), "/validate");
  EXPECT_EQ(doc.at("errors").at(0).at("field"), "name");

  // Still serving, on the same connection.
  ASSERT_TRUE(c.send(get_request("/hello")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello");
}

TEST(ServerTest, DevelopmentModeShowsExceptionText) {
  server_options o = local_options();
  o.development = true;
  server srv(o);
  add_error_routes(srv);
  srv.start();

  auto r = fetch(srv.port(), get_request("/boom"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(json::parse(r->body).at("detail"), "database password is hunter2");
  r = fetch(srv.port(), get_request("/boom-async"));
  ASSERT_TRUE(r);
  EXPECT_EQ(json::parse(r->body).at("detail"), "async secret");
}

// ---------------------------------------------------------------------------------------------
// Coroutines and streaming

TEST(ServerTest, CoroutineHandlersRunConcurrently) {
  server srv(local_options(1));  // one loop: the overlap comes from suspension, not threads
  srv.get("/slow/:n", [](request& req, response& res) -> task<void> {
    std::string n(req.param("n"));
    co_await sleep_for(300ms);
    res.text("slow " + n);
  });
  srv.start();

  raw_client a(srv.port()), b(srv.port());
  auto t0 = clock_type::now();
  ASSERT_TRUE(a.send(get_request("/slow/1")));
  ASSERT_TRUE(b.send(get_request("/slow/2")));
  auto ra = a.read_response();
  auto rb = b.read_response();
  auto elapsed = ms_since(t0);
  ASSERT_TRUE(ra);
  ASSERT_TRUE(rb);
  EXPECT_EQ(ra->body, "slow 1");
  EXPECT_EQ(rb->body, "slow 2");
  EXPECT_GE(elapsed, 290);
  EXPECT_LT(elapsed, 550);  // sequential would be 600
}

void add_stream_routes(scope& s) {
  s.get("/stream", [](request&, response& res) -> task<void> {
    res.type("text/plain");
    co_await res.write("a");
    co_await res.write("b");
    co_await res.end();
  });
  s.get("/stream-slow", [](request&, response& res) -> task<void> {
    co_await res.write("first");
    co_await sleep_for(300ms);
    co_await res.write("second");
    co_await res.end();
  });
  s.get("/stream-no-end", [](request&, response& res) -> task<void> {
    co_await res.write("x");
    co_await res.write("");  // an empty write sends nothing (an empty chunk would end the body)
    co_await res.write("y");
  });
  s.get("/stream-length", [](request&, response& res) -> task<void> {
    res.set("Content-Length", "4");
    co_await res.write("ab");
    co_await res.write("cd");
    co_await res.end();
  });
}

TEST(ServerTest, StreamingChunked) {
  server srv(local_options());
  add_basic_routes(srv);
  add_stream_routes(srv);
  srv.start();

  raw_client c(srv.port());
  ASSERT_TRUE(c.send(get_request("/stream")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(r->chunked);
  EXPECT_EQ(r->body, "ab");
  EXPECT_EQ(r->header("Content-Type"), "text/plain");
  EXPECT_FALSE(r->has("Content-Length"));

  ASSERT_TRUE(c.send(get_request("/stream-no-end")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->chunked);
  EXPECT_EQ(r->body, "xy");

  ASSERT_TRUE(c.send(get_request("/stream-length")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->chunked);
  EXPECT_EQ(r->header("Content-Length"), "4");
  EXPECT_EQ(r->body, "abcd");

  // The first chunk is on the wire before the handler finishes.
  auto t0 = clock_type::now();
  ASSERT_TRUE(c.send(get_request("/stream-slow")));
  ASSERT_TRUE(c.wait_for("5\r\nfirst\r\n", 250ms));
  EXPECT_LT(ms_since(t0), 250);
  EXPECT_EQ(c.buffered().find("second"), std::string::npos);
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "firstsecond");

  // And the connection is still usable after streams.
  ASSERT_TRUE(c.send(get_request("/hello")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "hello");
}

TEST(ServerTest, StreamingToHttp10IsCloseDelimited) {
  server srv(local_options());
  add_stream_routes(srv);
  srv.start();

  raw_client c(srv.port());
  ASSERT_TRUE(c.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r) << testing::to_string(c.last_end());
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(r->chunked);
  EXPECT_TRUE(r->close_delimited);
  EXPECT_FALSE(r->has("Transfer-Encoding"));
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_EQ(r->body, "ab");
}

// ---------------------------------------------------------------------------------------------
// Cookies

TEST(ServerTest, Cookies) {
  server srv(local_options());
  srv.get("/cookie", [](request& req, response& res) {
    auto session = req.cookie("session");
    auto a = req.cookie("a");
    auto missing = req.cookie("missing");
    cookie_options strict;
    strict.path = "/app";
    strict.domain = "example.com";
    strict.max_age = std::chrono::seconds(3600);
    strict.secure = true;
    strict.same_site = "Strict";
    res.cookie("sid", "abc123", strict);
    res.cookie("theme", "dark");
    res.clear_cookie("old");
    res.text(std::string(session.value_or("none")) + "|" + std::string(a.value_or("none")) + "|" +
             (missing ? "yes" : "no"));
  });
  srv.start();

  auto r = fetch(srv.port(), get_request("/cookie", "Cookie: a=1; session=\"xyz\"; b=2\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "xyz|1|no");
  auto set = r->all("Set-Cookie");
  ASSERT_EQ(set.size(), 3u);
  EXPECT_EQ(set[0], "sid=abc123; Path=/app; Domain=example.com; Max-Age=3600; HttpOnly; Secure; SameSite=Strict");
  EXPECT_EQ(set[1], "theme=dark; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(set[2], "old=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");

  auto none = fetch(srv.port(), get_request("/cookie"));
  ASSERT_TRUE(none);
  EXPECT_EQ(none->body, "none|none|no");
}

// ---------------------------------------------------------------------------------------------
// Compression

std::string compressible_text() {
  std::string s;
  for (int i = 0; s.size() < 4096; ++i) s += "line " + std::to_string(i) + " of a very compressible body\n";
  return s;
}

struct curl_result {
  int status = -1;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (testing::ascii_iequals(k, name)) return v;
    return std::nullopt;
  }
};

// Runs curl with -s -D - and splits the dumped head from the body.
std::optional<curl_result> run_curl(const std::string& args) {
  auto out = testing::run_command("curl -s -D - " + args);
  if (out.status != 0) return std::nullopt;
  auto end = out.output.find("\r\n\r\n");
  if (end == std::string::npos) return std::nullopt;
  curl_result r;
  std::string_view head(out.output.data(), end);
  auto eol = head.find("\r\n");
  auto status_line = head.substr(0, eol);
  if (status_line.size() < 12) return std::nullopt;
  r.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
  head.remove_prefix(eol == std::string_view::npos ? head.size() : eol + 2);
  while (!head.empty()) {
    auto e = head.find("\r\n");
    auto line = head.substr(0, e);
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      r.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    if (e == std::string_view::npos) break;
    head.remove_prefix(e + 2);
  }
  r.body = out.output.substr(end + 4);
  return r;
}

TEST(ServerTest, CompressionNegotiatedWithCurl) {
  if (!testing::have_command("curl")) GTEST_SKIP() << "curl not installed";
  const std::string text = compressible_text();
  server srv(local_options());
  srv.get("/big", [&](request&, response& res) { res.text(text); });
  srv.get("/small", [](request&, response& res) { res.text("tiny body"); });
  srv.start();
  const std::string base = "http://127.0.0.1:" + std::to_string(srv.port());

  auto br = run_curl("--compressed -H 'Accept-Encoding: br, gzip' " + base + "/big");
  ASSERT_TRUE(br);
  EXPECT_EQ(br->status, 200);
  EXPECT_EQ(br->header("Content-Encoding"), "br");
  ASSERT_TRUE(br->header("Vary"));
  EXPECT_NE(br->header("Vary")->find("Accept-Encoding"), std::string::npos);
  ASSERT_TRUE(br->header("Content-Length"));
  EXPECT_LT(std::stoul(*br->header("Content-Length")), text.size() / 4);
  EXPECT_TRUE(br->body == text);

  auto gz = run_curl("--compressed -H 'Accept-Encoding: gzip' " + base + "/big");
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->header("Content-Encoding"), "gzip");
  EXPECT_TRUE(gz->body == text);

  auto small = run_curl("--compressed -H 'Accept-Encoding: br, gzip' " + base + "/small");
  ASSERT_TRUE(small);
  EXPECT_FALSE(small->header("Content-Encoding"));
  EXPECT_EQ(small->body, "tiny body");

  auto plain = run_curl(base + "/big");  // no Accept-Encoding at all
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->header("Content-Encoding"));
  EXPECT_TRUE(plain->body == text);
}

TEST(ServerTest, CompressionWithRawClient) {
  const std::string text = compressible_text();
  server srv(local_options());
  srv.get("/big", [&](request&, response& res) { res.text(text); });
  srv.get("/big-json", [&](request&, response& res) {
    json::array a;
    for (int i = 0; i < 300; ++i) a.emplace_back("item number " + std::to_string(i));
    res.json(a);
  });
  srv.get("/png", [&](request&, response& res) {
    res.type("image/png");
    res.send(text);
  });
  srv.start();

  raw_client c(srv.port());
  ASSERT_TRUE(c.send(get_request("/big", "Accept-Encoding: gzip\r\n")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("Content-Encoding"), "gzip");
  EXPECT_EQ(r->header("Content-Length"), std::to_string(r->body.size()));
  EXPECT_LT(r->body.size(), text.size());
  EXPECT_EQ(gzip_decompress(r->body), text);

  // HEAD describes the same (compressed) representation.
  ASSERT_TRUE(c.send(get_request("/big", "Accept-Encoding: gzip\r\n", "HEAD")));
  auto head = c.read_response(true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->header("Content-Length"), r->header("Content-Length"));
  EXPECT_EQ(head->header("Content-Encoding"), "gzip");

  ASSERT_TRUE(c.send(get_request("/big-json", "Accept-Encoding: br\r\n")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("Content-Encoding"), "br");
  auto doc = json::parse(brotli_decompress(r->body));
  EXPECT_EQ(doc.as_array().size(), 300u);

  ASSERT_TRUE(c.send(get_request("/big", "Accept-Encoding: identity\r\n")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has("Content-Encoding"));
  EXPECT_EQ(r->body, text);

  ASSERT_TRUE(c.send(get_request("/png", "Accept-Encoding: gzip\r\n")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has("Content-Encoding"));  // already compressed types are left alone
  EXPECT_EQ(r->body, text);
}

// ---------------------------------------------------------------------------------------------
// Static files

struct static_site {
  temp_dir dir;
  fs::path root;
  std::string big;
  static_site() {
    root = dir.path / "public";
    dir.write("public/hello.txt", "0123456789abcdef");
    dir.write("public/css/site.css", "body { color: red }\n");
    dir.write("public/index.html", "<h1>index</h1>");
    dir.write("public/.env", "DOTFILE=1");
    dir.write("secret.txt", "TOP-SECRET");
    big = pseudo_random_bytes(3 * 1024 * 1024 + 123);
    dir.write("public/big.bin", big);
  }
};

TEST(ServerTest, StaticFilesWithValidators) {
  static_site site;
  server srv(local_options());
  srv.get("/static/*", serve_static({.root = site.root.string()}));
  srv.start();

  raw_client c(srv.port());
  ASSERT_TRUE(c.send(get_request("/static/hello.txt")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "0123456789abcdef");
  EXPECT_EQ(r->header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r->header("Content-Length"), "16");
  ASSERT_TRUE(r->header("ETag"));
  ASSERT_TRUE(r->header("Last-Modified"));
  const std::string etag = *r->header("ETag");

  ASSERT_TRUE(c.send(get_request("/static/css/site.css")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Content-Type"), "text/css; charset=utf-8");

  ASSERT_TRUE(c.send(get_request("/static/", {})));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "<h1>index</h1>");

  ASSERT_TRUE(c.send(get_request("/static/hello.txt", "If-None-Match: " + etag + "\r\n")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 304);
  EXPECT_EQ(r->header("ETag"), etag);
  EXPECT_FALSE(r->has("Content-Length"));
  // No body followed the 304: the next response parses cleanly on the same connection.
  ASSERT_TRUE(c.send(get_request("/static/hello.txt", "Range: bytes=2-5\r\n")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 206);
  EXPECT_EQ(r->header("Content-Range"), "bytes 2-5/16");
  EXPECT_EQ(r->header("Content-Length"), "4");
  EXPECT_EQ(r->body, "2345");

  ASSERT_TRUE(c.send(get_request("/static/hello.txt", "Range: bytes=-3\r\n")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 206);
  EXPECT_EQ(r->body, "def");

  ASSERT_TRUE(c.send(get_request("/static/hello.txt", "Range: bytes=100-200\r\n")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 416);
  EXPECT_EQ(r->header("Content-Range"), "bytes */16");

  ASSERT_TRUE(c.send(get_request("/static/hello.txt", {}, "HEAD")));
  r = c.read_response(true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Content-Length"), "16");

  ASSERT_TRUE(c.send(get_request("/static/missing.txt")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);

  ASSERT_TRUE(c.send(get_request("/static/.env")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body.find("DOTFILE"), std::string::npos);

  ASSERT_TRUE(c.send(get_request("/static/hello.txt")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "0123456789abcdef");
}

TEST(ServerTest, StaticFilesRefuseTraversal) {
  static_site site;
  server srv(local_options());
  srv.get("/static/*", serve_static({.root = site.root.string()}));
  srv.start();

  for (const char* target :
       {"/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/%2E%2E/secret.txt", "/static/..%2fsecret.txt",
        "/static/%2e%2e%2fsecret.txt", "/static/css/../../secret.txt", "/static/css/%2e%2e/%2e%2e/secret.txt",
        "/static/.%2e/secret.txt", "/static/..\\secret.txt", "/static/%5c..%5csecret.txt", "/static//../secret.txt",
        "/static/hello.txt%00.png"}) {
    SCOPED_TRACE(target);
    raw_client c(srv.port());
    ASSERT_TRUE(c.send(get_request(target)));
    auto r = c.read_response();
    ASSERT_TRUE(r) << testing::to_string(c.last_end());
    EXPECT_TRUE(r->status == 404 || r->status == 400) << r->status;
    EXPECT_EQ(r->body.find("TOP-SECRET"), std::string::npos);
  }
  auto ok = fetch(srv.port(), get_request("/static/hello.txt"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST(ServerTest, StaticBigFileArrivesIntact) {
  static_site site;
  server srv(local_options());
  srv.get("/static/*", serve_static({.root = site.root.string()}));
  srv.start();

  raw_client c(srv.port(), 10s);
  ASSERT_TRUE(c.send(get_request("/static/big.bin")));
  auto r = c.read_response();
  ASSERT_TRUE(r) << testing::to_string(c.last_end());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Content-Type"), "application/octet-stream");
  EXPECT_EQ(r->header("Content-Length"), std::to_string(site.big.size()));
  ASSERT_EQ(r->body.size(), site.big.size());
  EXPECT_TRUE(r->body == site.big);

  // A range deep in the file, then a pipelined pair, on the same connection.
  ASSERT_TRUE(c.send(get_request("/static/big.bin", "Range: bytes=2000000-2000099\r\n") + get_request("/static/hello.txt")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 206);
  EXPECT_TRUE(r->body == site.big.substr(2000000, 100));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "0123456789abcdef");
}

// ---------------------------------------------------------------------------------------------
// TLS

TEST(ServerTest, Tls) {
  if (!testing::have_command("openssl") || !testing::have_command("curl")) GTEST_SKIP() << "openssl or curl missing";
  temp_dir dir;
  auto cert = (dir.path / "cert.pem").string(), key = (dir.path / "key.pem").string();
  auto gen = testing::run_command("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout '" +
                                  key + "' -out '" + cert + "' -days 2 -subj /CN=localhost 2>&1");
  if (gen.status != 0) GTEST_SKIP() << "openssl could not make a certificate: " << gen.output;
  std::string file = pseudo_random_bytes(700 * 1024);
  for (auto& ch : file) ch = static_cast<char>('a' + static_cast<unsigned char>(ch) % 26);  // text: survives popen
  dir.write("public/file.txt", file);

  server_options o = local_options();
  o.tls.cert_file = cert;
  o.tls.key_file = key;
  o.limits.header_timeout = 2s;
  server srv(o);
  add_basic_routes(srv);
  srv.get("/static/*", serve_static({.root = (dir.path / "public").string()}));
  srv.start();
  const std::string base = "https://127.0.0.1:" + std::to_string(srv.port());

  auto r = testing::run_command("curl -sk -w '|%{http_code}' " + base + "/hello");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.output, "hello|200");

  // Two requests on one TLS connection, and a POST body.
  r = testing::run_command("curl -sk " + base + "/n/1 " + base + "/n/2");
  EXPECT_EQ(r.output, "n=1n=2");
  r = testing::run_command("curl -sk --data-binary 'tls body' " + base + "/echo");
  EXPECT_EQ(r.output, "tls body");

  // A file body goes through the read-and-write path under TLS.
  r = testing::run_command("curl -sk " + base + "/static/file.txt");
  EXPECT_EQ(r.output.size(), file.size());
  EXPECT_TRUE(r.output == file);

  // Plain HTTP to the TLS port: refused, and the server is unharmed.
  {
    raw_client c(srv.port(), 3s);
    ASSERT_TRUE(c.send(get_request("/hello")));
    EXPECT_TRUE(c.wait_closed(3s));
    EXPECT_EQ(c.buffered().find("HTTP/1.1 200"), std::string::npos);
  }
  {
    // A client that connects and never says anything is dropped at the header timeout.
    raw_client c(srv.port(), 5s);
    EXPECT_TRUE(c.wait_closed(4500ms));
  }
  r = testing::run_command("curl -sk -w '|%{http_code}' " + base + "/hello");
  EXPECT_EQ(r.output, "hello|200");
}

// ---------------------------------------------------------------------------------------------
// Shutdown

TEST(ServerTest, GracefulShutdownFinishesInFlightRequests) {
  server srv(local_options(2));
  add_basic_routes(srv);
  srv.get("/sleep", [](request&, response& res) -> task<void> {
    co_await sleep_for(500ms);
    res.text("slept");
  });
  srv.start();
  const auto port = srv.port();

  raw_client idle(port);
  ASSERT_TRUE(idle.send(get_request("/hello")));
  ASSERT_TRUE(idle.read_response());

  raw_client busy(port);
  ASSERT_TRUE(busy.send(get_request("/sleep")));
  std::this_thread::sleep_for(100ms);
  auto t0 = clock_type::now();
  srv.stop();

  EXPECT_TRUE(idle.wait_closed(1s));  // idle keep-alive connections go at once
  auto r = busy.read_response();
  ASSERT_TRUE(r) << testing::to_string(busy.last_end());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "slept");
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_TRUE(busy.wait_closed(1s));
  srv.wait();
  EXPECT_LT(ms_since(t0), 2000);

  errno = 0;
  int fd = testing::connect_loopback(port);
  int err = errno;
  if (fd >= 0) ::close(fd);
  EXPECT_LT(fd, 0);
  EXPECT_EQ(err, ECONNREFUSED);
}

TEST(ServerTest, ShutdownTimeoutAbortsStuckRequests) {
  server_options o = local_options(2);
  o.shutdown_timeout = 1s;
  auto srv = std::make_unique<server>(o);
  srv->get("/forever", [](request&, response& res) -> task<void> {
    co_await sleep_for(10s);
    res.text("too late");
  });
  srv->start();

  raw_client c(srv->port());
  ASSERT_TRUE(c.send(get_request("/forever")));
  std::this_thread::sleep_for(100ms);
  auto t0 = clock_type::now();
  srv->stop();
  srv->wait();
  auto elapsed = ms_since(t0);
  EXPECT_GE(elapsed, 900);
  EXPECT_LT(elapsed, 3000);
  EXPECT_TRUE(c.wait_closed(1s));
  EXPECT_EQ(c.buffered(), "");
  srv.reset();  // the stuck handler's coroutine is destroyed with the server
}

TEST(ServerTest, DestructorStopsARunningServer) {
  std::uint16_t port;
  {
    server srv(local_options(2));
    add_basic_routes(srv);
    srv.start();
    port = srv.port();
    raw_client c(port);
    ASSERT_TRUE(c.send(get_request("/hello")));
    ASSERT_TRUE(c.read_response());
  }
  int fd = testing::connect_loopback(port);
  if (fd >= 0) ::close(fd);
  EXPECT_LT(fd, 0);
}

// ---------------------------------------------------------------------------------------------
// Middleware

TEST(ServerTest, RequestIdMiddleware) {
  server srv(local_options());
  srv.use(request_id());
  srv.get("/id", [](request& req, response& res) { res.text(std::string(req.id())); });
  srv.start();

  raw_client c(srv.port());
  ASSERT_TRUE(c.send(get_request("/id")));
  auto a = c.read_response();
  ASSERT_TRUE(a);
  ASSERT_TRUE(a->header("X-Request-Id"));
  EXPECT_TRUE(is_hex32(*a->header("X-Request-Id"))) << *a->header("X-Request-Id");
  EXPECT_EQ(a->body, *a->header("X-Request-Id"));

  ASSERT_TRUE(c.send(get_request("/id")));
  auto b = c.read_response();
  ASSERT_TRUE(b);
  EXPECT_TRUE(is_hex32(b->body));
  EXPECT_NE(a->body, b->body);

  ASSERT_TRUE(c.send(get_request("/id", "X-Request-Id: trace-abc-123\r\n")));
  auto in = c.read_response();
  ASSERT_TRUE(in);
  EXPECT_EQ(in->body, "trace-abc-123");
  EXPECT_EQ(in->header("X-Request-Id"), "trace-abc-123");

  ASSERT_TRUE(c.send(get_request("/id", "X-Request-Id: " + std::string(200, 'z') + "\r\n")));
  auto too_long = c.read_response();
  ASSERT_TRUE(too_long);
  EXPECT_TRUE(is_hex32(too_long->body));

  // Unrouted responses get one too.
  ASSERT_TRUE(c.send(get_request("/nope")));
  auto nf = c.read_response();
  ASSERT_TRUE(nf);
  EXPECT_EQ(nf->status, 404);
  ASSERT_TRUE(nf->header("X-Request-Id"));
  EXPECT_TRUE(is_hex32(*nf->header("X-Request-Id")));
}

TEST(ServerTest, CorsMiddleware) {
  server srv(local_options());
  srv.use(cors());
  srv.get("/api", [](request&, response& res) { res.json(json::object{{"ok", true}}); });
  srv.post("/api", [](request&, response& res) { res.status(201).text("made"); });
  auto restricted = srv.group("/private");
  cors_options ro;
  ro.origins = {"https://ok.example"};
  ro.credentials = true;
  ro.max_age = std::chrono::seconds(600);
  // A group with its own policy (on top of the app-wide one, whose headers it then overrides).
  restricted.use(cors(ro));
  restricted.get("/data", [](request&, response& res) { res.text("private"); });
  srv.start();

  raw_client c(srv.port());
  ASSERT_TRUE(c.send(get_request("/api", "Origin: https://site.example\r\nAccess-Control-Request-Method: POST\r\n"
                                         "Access-Control-Request-Headers: content-type\r\n",
                                 "OPTIONS")));
  auto pre = c.read_response();
  ASSERT_TRUE(pre);
  EXPECT_EQ(pre->status, 204);
  ASSERT_TRUE(pre->header("Access-Control-Allow-Methods"));
  EXPECT_NE(pre->header("Access-Control-Allow-Methods")->find("POST"), std::string::npos);
  EXPECT_EQ(pre->header("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(pre->header("Access-Control-Allow-Headers"), "content-type");

  ASSERT_TRUE(c.send(get_request("/api", "Origin: https://site.example\r\n")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(json::parse(r->body).at("ok"), true);

  // A plain OPTIONS (not a preflight) is still the automatic 204 with Allow.
  ASSERT_TRUE(c.send(get_request("/api", {}, "OPTIONS")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_TRUE(r->has("Allow"));

  ASSERT_TRUE(c.send(get_request("/private/data", "Origin: https://ok.example\r\n")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("Access-Control-Allow-Origin"), "https://ok.example");
  EXPECT_EQ(r->header("Access-Control-Allow-Credentials"), "true");
  ASSERT_TRUE(r->header("Vary"));
  EXPECT_NE(r->header("Vary")->find("Origin"), std::string::npos);
}

TEST(ServerTest, SecurityHeadersMiddleware) {
  server srv(local_options());
  srv.use(security_headers());
  srv.get("/page", [](request&, response& res) { res.html("<p>hi</p>"); });
  srv.get("/framed", [](request&, response& res) {
    res.set("X-Frame-Options", "DENY");
    res.set("X-Powered-By", "leaky");
    res.text("framed");
  });
  srv.start();

  raw_client c(srv.port());
  ASSERT_TRUE(c.send(get_request("/page")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r->header("X-Frame-Options"), "SAMEORIGIN");
  EXPECT_EQ(r->header("Strict-Transport-Security"), "max-age=15552000; includeSubDomains");
  EXPECT_EQ(r->header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(r->header("X-XSS-Protection"), "0");
  ASSERT_TRUE(r->header("Content-Security-Policy"));
  EXPECT_NE(r->header("Content-Security-Policy")->find("default-src 'self'"), std::string::npos);

  ASSERT_TRUE(c.send(get_request("/framed")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("X-Frame-Options"), "DENY");  // the handler's choice wins
  EXPECT_FALSE(r->has("X-Powered-By"));

  ASSERT_TRUE(c.send(get_request("/missing")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->header("X-Content-Type-Options"), "nosniff");
}

}  // namespace
}  // namespace strata::http
