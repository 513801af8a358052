// Tests for static file serving: the pure helpers (paths, ETags, dates, ranges, conditionals,
// MIME types), serve_file() against real files in a temporary folder, and the serve_static()
// handler on requests built as the connection builds them.
#include <strata/http/detail/request_access.hpp>
#include <strata/http/detail/static_logic.hpp>
#include <strata/http/static_files.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace strata::http {
namespace {

using namespace std::chrono_literals;
using detail::range_kind;
using std::chrono::sys_days;
using std::chrono::sys_seconds;

// Sun, 06 Nov 1994 08:49:37 GMT, the example date of RFC 9110.
const sys_seconds rfc_example = sys_days(std::chrono::year(1994) / 11 / 6) + 8h + 49min + 37s;

TEST(static_path, accepts_plain_relative_paths) {
  for (const char* p : {"", "a.txt", "css/site.css", "a/b/c/d.js", "dir/", "a//b", "x..y", "a/b..", "%2e%2e"})
    EXPECT_TRUE(detail::is_safe_relative_path(p, false)) << p;
}

TEST(static_path, rejects_traversal_backslashes_and_nul) {
  for (std::string_view p : {"..", "../etc/passwd", "a/../../b", "a/..", ".", "./a", "a/./b", "a\\..\\b", "a\\b"})
    EXPECT_FALSE(detail::is_safe_relative_path(p, true)) << p;
  EXPECT_FALSE(detail::is_safe_relative_path(std::string_view("a\0b", 3), true));
}

TEST(static_path, dotfiles_are_refused_unless_enabled) {
  for (const char* p : {".env", "a/.git/config", ".well-known/x", "a/.htaccess", "..x"}) {
    EXPECT_FALSE(detail::is_safe_relative_path(p, false)) << p;
    EXPECT_TRUE(detail::is_safe_relative_path(p, true)) << p;
  }
}

TEST(static_etag, is_weak_size_and_mtime_in_hex) {
  EXPECT_EQ(detail::format_etag(0, 0), "W/\"0-0\"");
  EXPECT_EQ(detail::format_etag(255, 4096), "W/\"ff-1000\"");
  EXPECT_EQ(detail::format_etag(0x1234, 1'700'000'000'123'456'789), "W/\"1234-17979cfe3d85cd15\"");
}

TEST(static_etag, if_none_match_uses_weak_comparison) {
  std::string tag = "W/\"ff-1000\"";
  EXPECT_TRUE(detail::etag_list_matches("W/\"ff-1000\"", tag));
  EXPECT_TRUE(detail::etag_list_matches("\"ff-1000\"", tag));  // weak comparison ignores W/
  EXPECT_TRUE(detail::etag_list_matches("*", tag));
  EXPECT_TRUE(detail::etag_list_matches(" * ", tag));
  EXPECT_TRUE(detail::etag_list_matches("\"a\", W/\"ff-1000\"", tag));
  EXPECT_TRUE(detail::etag_list_matches("\"a,b\",\"ff-1000\"", tag));  // commas inside a tag
  EXPECT_TRUE(detail::etag_list_matches(" ,\"x\" ,, \"ff-1000\" ", tag));
  EXPECT_FALSE(detail::etag_list_matches("\"ff-1001\"", tag));
  EXPECT_FALSE(detail::etag_list_matches("", tag));
  EXPECT_FALSE(detail::etag_list_matches("ff-1000", tag));          // unquoted: malformed
  EXPECT_FALSE(detail::etag_list_matches("\"ff-1000", tag));        // unterminated
  EXPECT_FALSE(detail::etag_list_matches("\"FF-1000\"", tag));      // opaque tags are case-sensitive
}

TEST(static_date, formats_imf_fixdate) {
  EXPECT_EQ(detail::format_http_date(rfc_example), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(detail::format_http_date(sys_seconds(0s)), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(detail::format_http_date(sys_days(std::chrono::year(2024) / 2 / 29) + 23h + 59min + 59s),
            "Thu, 29 Feb 2024 23:59:59 GMT");
}

TEST(static_date, parses_the_three_formats) {
  EXPECT_EQ(detail::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), rfc_example);
  EXPECT_EQ(detail::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), rfc_example);
  EXPECT_EQ(detail::parse_http_date("Sun Nov  6 08:49:37 1994"), rfc_example);
  EXPECT_EQ(detail::parse_http_date(" Sun, 06 Nov 1994 08:49:37 GMT "), rfc_example);
  EXPECT_EQ(detail::parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT"), sys_days(std::chrono::year(2024) / 2 / 29));
}

TEST(static_date, round_trips) {
  for (auto t : {sys_seconds(0s), rfc_example, sys_seconds(1'700'000'000s), sys_seconds(4'102'444'799s)})
    EXPECT_EQ(detail::parse_http_date(detail::format_http_date(t)), t);
}

TEST(static_date, rejects_malformed_dates) {
  for (const char* d : {"", "yesterday", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC",
                        "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
                        "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:61:00 GMT",
                        "Sun, 06 Nov 1994 08:49:37 GMTx", "Xyz, 06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z",
                        "Sun Nov  6 08:49:37 94"})
    EXPECT_FALSE(detail::parse_http_date(d)) << d;
}

struct range_case {
  const char* header;
  std::uint64_t size;
  range_kind kind;
  std::uint64_t first = 0;
  std::uint64_t length = 0;
};

class static_range : public ::testing::TestWithParam<range_case> {};

TEST_P(static_range, parses) {
  const auto& c = GetParam();
  auto r = detail::parse_range(c.header, c.size);
  EXPECT_EQ(r.kind, c.kind) << c.header;
  if (c.kind == range_kind::partial) {
    EXPECT_EQ(r.range.first, c.first) << c.header;
    EXPECT_EQ(r.range.length, c.length) << c.header;
  }
}

INSTANTIATE_TEST_SUITE_P(
    single_byte_ranges, static_range,
    ::testing::Values(range_case{"bytes=0-99", 1000, range_kind::partial, 0, 100},
                      range_case{"bytes=100-", 1000, range_kind::partial, 100, 900},
                      range_case{"bytes=-100", 1000, range_kind::partial, 900, 100},
                      range_case{"bytes=-5000", 1000, range_kind::partial, 0, 1000},  // suffix past the start
                      range_case{"bytes=990-5000", 1000, range_kind::partial, 990, 10}, // last clamped
                      range_case{"bytes=999-999", 1000, range_kind::partial, 999, 1},
                      range_case{"bytes=0-", 1, range_kind::partial, 0, 1},
                      range_case{"Bytes=0-0", 10, range_kind::partial, 0, 1},            // unit is case-insensitive
                      range_case{"bytes=0-99999999999999999999999", 10, range_kind::partial, 0, 10},
                      range_case{"bytes= 5-6 ", 10, range_kind::partial, 5, 2},
                      range_case{"bytes=5-6,", 10, range_kind::partial, 5, 2},            // empty list element
                      range_case{"bytes=1000-", 1000, range_kind::unsatisfiable},
                      range_case{"bytes=1000-2000", 1000, range_kind::unsatisfiable},
                      range_case{"bytes=99999999999999999999999-", 1000, range_kind::unsatisfiable},
                      range_case{"bytes=-0", 1000, range_kind::unsatisfiable},
                      range_case{"bytes=0-", 0, range_kind::unsatisfiable},
                      range_case{"bytes=-10", 0, range_kind::unsatisfiable},
                      range_case{"bytes=0-1,5-6", 1000, range_kind::none},                // several: send all
                      range_case{"bytes=5-1", 1000, range_kind::none},                    // last < first: invalid
                      range_case{"bytes=", 1000, range_kind::none},
                      range_case{"bytes=-", 1000, range_kind::none},
                      range_case{"bytes=a-b", 1000, range_kind::none},
                      range_case{"bytes=1-2-3", 1000, range_kind::none},
                      range_case{"bytes=+1-2", 1000, range_kind::none},
                      range_case{"items=0-5", 1000, range_kind::none},
                      range_case{"0-5", 1000, range_kind::none},
                      range_case{"", 1000, range_kind::none}),
    [](const auto& info) { return "case_" + std::to_string(info.index); });

TEST(static_conditional, if_none_match_decides_when_present) {
  detail::validators v{"W/\"a-b\"", rfc_example};
  EXPECT_TRUE(detail::is_not_modified("W/\"a-b\"", std::nullopt, v));
  EXPECT_FALSE(detail::is_not_modified("\"other\"", std::nullopt, v));
  // A failed If-None-Match is final even when the date alone would say "not modified".
  EXPECT_FALSE(detail::is_not_modified("\"other\"", "Sun, 06 Nov 1994 08:49:37 GMT", v));
  EXPECT_TRUE(detail::is_not_modified("*", "Sat, 01 Jan 1990 00:00:00 GMT", v));
}

TEST(static_conditional, if_modified_since_compares_seconds) {
  detail::validators v{"W/\"a-b\"", rfc_example};
  EXPECT_TRUE(detail::is_not_modified(std::nullopt, "Sun, 06 Nov 1994 08:49:37 GMT", v));
  EXPECT_TRUE(detail::is_not_modified(std::nullopt, "Mon, 07 Nov 1994 00:00:00 GMT", v));
  EXPECT_FALSE(detail::is_not_modified(std::nullopt, "Sun, 06 Nov 1994 08:49:36 GMT", v));
  EXPECT_FALSE(detail::is_not_modified(std::nullopt, "not a date", v));
  EXPECT_FALSE(detail::is_not_modified(std::nullopt, std::nullopt, v));
}

TEST(static_conditional, if_range_matches_tag_or_date_exactly) {
  detail::validators v{"W/\"a-b\"", rfc_example};
  EXPECT_TRUE(detail::if_range_holds("W/\"a-b\"", v));
  EXPECT_FALSE(detail::if_range_holds("\"a-b\"", v));
  EXPECT_FALSE(detail::if_range_holds("W/\"a-c\"", v));
  EXPECT_TRUE(detail::if_range_holds("Sun, 06 Nov 1994 08:49:37 GMT", v));
  EXPECT_FALSE(detail::if_range_holds("Mon, 07 Nov 1994 00:00:00 GMT", v));  // later is not equal
  EXPECT_FALSE(detail::if_range_holds("garbage", v));
}

TEST(static_cache_control, formats_max_age_and_immutable) {
  EXPECT_EQ(detail::cache_control(0s, false), "public, max-age=0");
  EXPECT_EQ(detail::cache_control(31536000s, true), "public, max-age=31536000, immutable");
  EXPECT_EQ(detail::cache_control(-5s, false), "public, max-age=0");
}

TEST(static_mime, knows_common_types) {
  EXPECT_EQ(mime_type("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type("a/b/INDEX.HTM"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type("site.css"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("mod.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("data.json"), "application/json; charset=utf-8");
  EXPECT_EQ(mime_type("app.js.map"), "application/json; charset=utf-8");
  EXPECT_EQ(mime_type("notes.md"), "text/markdown; charset=utf-8");
  EXPECT_EQ(mime_type("logo.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type("photo.JPG"), "image/jpeg");
  EXPECT_EQ(mime_type("font.woff2"), "font/woff2");
  EXPECT_EQ(mime_type("mod.wasm"), "application/wasm");
  EXPECT_EQ(mime_type("archive.tar.gz"), "application/gzip");
  EXPECT_EQ(mime_type("clip.mp4"), "video/mp4");
}

TEST(static_mime, unknown_or_missing_extension_is_octet_stream) {
  for (const char* p : {"README", "file.unknown", "dir.d/file", "trailing.", ".bashrc", ""})
    EXPECT_EQ(mime_type(p), "application/octet-stream") << p;
}

// serve_file against a real folder.
class static_serve : public ::testing::Test {
protected:
  void SetUp() override {
    char tmpl[] = "/tmp/strata_static_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    write("hello.txt", "hello, world\n");
    write("docs/index.html", "<h1>docs</h1>");
    write("empty/.keep", "");
    write(".env", "SECRET=1");
    write("data.bin", std::string(1000, 'x'));
    std::filesystem::create_directory(root_ / "bare");
    set_mtime("hello.txt", rfc_example);
    options_.root = root_.string();
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  void write(const std::string& rel, const std::string& content) {
    auto p = root_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  void set_mtime(const std::string& rel, sys_seconds t) {
    timespec times[2] = {{t.time_since_epoch().count(), 0}, {t.time_since_epoch().count(), 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, (root_ / rel).c_str(), times, 0), 0);
  }
  // The bytes a response's file body would send.
  static std::string file_bytes(const response& res) {
    const file_body* f = res.file();
    if (!f) return "<no file>";
    std::string out(f->length, '\0');
    auto n = ::pread(f->fd, out.data(), out.size(), static_cast<off_t>(f->offset));
    out.resize(n < 0 ? 0 : n);
    return out;
  }
  detail::static_request get(std::string_view path) {
    detail::static_request r;
    r.path = path;
    return r;
  }

  std::filesystem::path root_;
  static_options options_;
};

TEST_F(static_serve, serves_a_file_with_validators) {
  response res;
  detail::serve_file(options_, get("hello.txt"), res);
  EXPECT_EQ(res.status(), 200);
  EXPECT_TRUE(res.sent());
  EXPECT_EQ(file_bytes(res), "hello, world\n");
  EXPECT_EQ(res.header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(res.header("ETag"), detail::format_etag(13, rfc_example.time_since_epoch().count() * 1'000'000'000));
  EXPECT_EQ(res.header("Last-Modified"), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(res.header("Cache-Control"), "public, max-age=0");
  EXPECT_EQ(res.header("Accept-Ranges"), "bytes");
}

TEST_F(static_serve, uses_cache_options) {
  options_.max_age = 3600s;
  options_.immutable = true;
  response res;
  detail::serve_file(options_, get("hello.txt"), res);
  EXPECT_EQ(res.header("Cache-Control"), "public, max-age=3600, immutable");
}

TEST_F(static_serve, answers_304_to_a_matching_if_none_match) {
  response first;
  detail::serve_file(options_, get("hello.txt"), first);
  std::string etag(*first.header("ETag"));

  auto req = get("hello.txt");
  req.if_none_match = etag;
  response res;
  detail::serve_file(options_, req, res);
  EXPECT_EQ(res.status(), 304);
  EXPECT_TRUE(res.sent());
  EXPECT_EQ(res.file(), nullptr);
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(res.header("ETag"), etag);
  EXPECT_FALSE(res.header("Content-Type"));

  req.method = method::head;
  response head;
  detail::serve_file(options_, req, head);
  EXPECT_EQ(head.status(), 304);

  req.method = method::post;  // conditionals here are for GET and HEAD only
  response post;
  detail::serve_file(options_, req, post);
  EXPECT_EQ(post.status(), 200);
}

TEST_F(static_serve, answers_304_to_if_modified_since_only_without_if_none_match) {
  auto req = get("hello.txt");
  req.if_modified_since = "Sun, 06 Nov 1994 08:49:37 GMT";
  response res;
  detail::serve_file(options_, req, res);
  EXPECT_EQ(res.status(), 304);

  req.if_none_match = "\"something-else\"";
  response with_tag;
  detail::serve_file(options_, req, with_tag);
  EXPECT_EQ(with_tag.status(), 200);

  auto older = get("hello.txt");
  older.if_modified_since = "Sat, 05 Nov 1994 08:49:37 GMT";
  response changed;
  detail::serve_file(options_, older, changed);
  EXPECT_EQ(changed.status(), 200);
}

TEST_F(static_serve, serves_a_single_range) {
  auto req = get("hello.txt");
  req.range = "bytes=7-11";
  response res;
  detail::serve_file(options_, req, res);
  EXPECT_EQ(res.status(), 206);
  EXPECT_EQ(res.header("Content-Range"), "bytes 7-11/13");
  EXPECT_EQ(file_bytes(res), "world");
  EXPECT_EQ(res.header("Content-Type"), "text/plain; charset=utf-8");

  req.range = "bytes=-3";
  response suffix;
  detail::serve_file(options_, req, suffix);
  EXPECT_EQ(suffix.header("Content-Range"), "bytes 10-12/13");
  EXPECT_EQ(file_bytes(suffix), "ld\n");
}

TEST_F(static_serve, unsatisfiable_range_is_416_with_the_size) {
  auto req = get("data.bin");
  req.range = "bytes=1000-";
  response res;
  detail::serve_file(options_, req, res);
  EXPECT_EQ(res.status(), 416);
  EXPECT_EQ(res.header("Content-Range"), "bytes */1000");
  EXPECT_EQ(res.file(), nullptr);
  EXPECT_FALSE(res.header("Cache-Control"));  // an error must not be cached as the file
}

TEST_F(static_serve, several_ranges_or_a_failed_if_range_send_everything) {
  auto req = get("data.bin");
  req.range = "bytes=0-1,5-6";
  response multi;
  detail::serve_file(options_, req, multi);
  EXPECT_EQ(multi.status(), 200);
  EXPECT_EQ(multi.file()->length, 1000u);
  EXPECT_FALSE(multi.header("Content-Range"));

  req.range = "bytes=0-9";
  req.if_range = "W/\"stale\"";
  response stale;
  detail::serve_file(options_, req, stale);
  EXPECT_EQ(stale.status(), 200);
  EXPECT_EQ(stale.file()->length, 1000u);
}

TEST_F(static_serve, if_range_with_the_current_validator_keeps_the_range) {
  response first;
  detail::serve_file(options_, get("hello.txt"), first);
  auto req = get("hello.txt");
  req.range = "bytes=0-4";
  std::string etag(*first.header("ETag"));
  req.if_range = etag;
  response by_tag;
  detail::serve_file(options_, req, by_tag);
  EXPECT_EQ(by_tag.status(), 206);
  EXPECT_EQ(file_bytes(by_tag), "hello");

  req.if_range = "Sun, 06 Nov 1994 08:49:37 GMT";
  response by_date;
  detail::serve_file(options_, req, by_date);
  EXPECT_EQ(by_date.status(), 206);
}

TEST_F(static_serve, range_is_ignored_for_head) {
  auto req = get("hello.txt");
  req.method = method::head;
  req.range = "bytes=0-4";
  response res;
  detail::serve_file(options_, req, res);
  EXPECT_EQ(res.status(), 200);
  EXPECT_EQ(res.file()->length, 13u);
}

TEST_F(static_serve, folders_serve_their_index) {
  for (const char* p : {"docs", "docs/"}) {
    response res;
    detail::serve_file(options_, get(p), res);
    EXPECT_EQ(res.status(), 200) << p;
    EXPECT_EQ(file_bytes(res), "<h1>docs</h1>") << p;
    EXPECT_EQ(res.header("Content-Type"), "text/html; charset=utf-8") << p;
  }
  response bare;
  detail::serve_file(options_, get("bare"), bare);
  EXPECT_EQ(bare.status(), 404);

  options_.index.clear();
  response no_index;
  detail::serve_file(options_, get("docs"), no_index);
  EXPECT_EQ(no_index.status(), 404);
}

TEST_F(static_serve, the_root_serves_its_index) {
  write("index.html", "home");
  response res;
  detail::serve_file(options_, get(""), res);
  EXPECT_EQ(file_bytes(res), "home");
}

TEST_F(static_serve, missing_traversal_and_dotfiles_are_404) {
  for (std::string_view p : {"nope.txt", "../hello.txt", "docs/../hello.txt", ".env", "hello.txt/", "a\\b"}) {
    response res;
    detail::serve_file(options_, get(p), res);
    EXPECT_EQ(res.status(), 404) << p;
    EXPECT_EQ(res.header("Content-Type"), "application/problem+json") << p;
    EXPECT_EQ(res.file(), nullptr) << p;
  }
  options_.dotfiles = true;
  response env;
  detail::serve_file(options_, get(".env"), env);
  EXPECT_EQ(env.status(), 200);
  EXPECT_EQ(file_bytes(env), "SECRET=1");
}

TEST_F(static_serve, a_symlink_or_special_file_is_not_served) {
  std::filesystem::create_symlink("/etc/hostname", root_ / "link");
  std::filesystem::create_symlink(root_ / "hello.txt", root_ / "inner-link");
  ASSERT_EQ(::mkfifo((root_ / "fifo").c_str(), 0600), 0);
  // A linked folder, even one inside the root, is refused too: the rule is "no symlinks", so a
  // link planted anywhere below the root cannot lead outside it.
  std::filesystem::create_symlink("/etc", root_ / "etc-link");
  std::filesystem::create_directories(root_ / "real");
  std::filesystem::create_symlink(root_ / "real", root_ / "dir-link");
  write("real/inside.txt", "inside");
  for (const char* p : {"link", "inner-link", "fifo", "etc-link/hostname", "dir-link/inside.txt", "etc-link/"}) {
    response res;
    detail::serve_file(options_, get(p), res);  // the FIFO must not block in open(2)
    EXPECT_EQ(res.status(), 404) << p;
  }
}

TEST_F(static_serve, nested_folders_and_their_index_are_served) {
  write("a/b/c.txt", "deep");
  write("a/b/index.html", "<p>b</p>");
  response deep;
  detail::serve_file(options_, get("a/b/c.txt"), deep);
  EXPECT_EQ(deep.status(), 200);
  EXPECT_EQ(file_bytes(deep), "deep");
  for (const char* p : {"a/b/", "a/b", "a//b/"}) {
    response index;
    detail::serve_file(options_, get(p), index);
    EXPECT_EQ(index.status(), 200) << p;
    EXPECT_EQ(file_bytes(index), "<p>b</p>") << p;
    EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8") << p;
  }
  response missing;
  detail::serve_file(options_, get("a/nope/c.txt"), missing);
  EXPECT_EQ(missing.status(), 404);
}

TEST_F(static_serve, an_empty_file_is_served_and_cannot_be_ranged) {
  write("zero.txt", "");
  response res;
  detail::serve_file(options_, get("zero.txt"), res);
  EXPECT_EQ(res.status(), 200);
  ASSERT_NE(res.file(), nullptr);
  EXPECT_EQ(res.file()->length, 0u);

  auto req = get("zero.txt");
  req.range = "bytes=0-";
  response ranged;
  detail::serve_file(options_, req, ranged);
  EXPECT_EQ(ranged.status(), 416);
  EXPECT_EQ(ranged.header("Content-Range"), "bytes */0");
}

TEST_F(static_serve, an_empty_root_is_not_the_filesystem_root) {
  options_.root.clear();
  response res;
  detail::serve_file(options_, get("etc/hostname"), res);
  EXPECT_EQ(res.status(), 404);
}

// A routed request as the connection builds it: the head parsed, the wildcard still encoded.
struct fake_request {
  fake_request(std::string raw_head, std::string_view wildcard) : raw(std::move(raw_head)) {
    auto parsed = parse_head(raw, head, parse_limits{});
    EXPECT_EQ(parsed.status, parse_status::complete) << raw;
    request::access::reset(req);
    request::access::set_head(req, &head);
    request::access::path(req) = head.path;
    request::access::params(req).push_back({"*", wildcard});
  }
  std::string raw;
  request_head head;
  request req;
};

TEST_F(static_serve, handler_reads_the_decoded_wildcard_and_headers) {
  write("with space.txt", "spaced");
  auto fn = serve_static(options_);
  ASSERT_FALSE(fn.is_async());

  fake_request f("GET /assets/with%20space.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=1-3\r\n\r\n", "with%20space.txt");
  response res;
  fn.call_sync(f.req, res);
  EXPECT_EQ(res.status(), 206);
  EXPECT_EQ(file_bytes(res), "pac");

  response first;
  fake_request plain("GET /assets/hello.txt HTTP/1.1\r\nHost: x\r\n\r\n", "hello.txt");
  fn.call_sync(plain.req, first);
  fake_request cond("GET /assets/hello.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + std::string(*first.header("ETag")) +
                        "\r\n\r\n",
                    "hello.txt");
  response not_modified;
  fn.call_sync(cond.req, not_modified);
  EXPECT_EQ(not_modified.status(), 304);
}

TEST_F(static_serve, handler_refuses_encoded_traversal) {
  auto fn = serve_static(options_);
  for (std::string_view wildcard : {"..%2Fhello.txt", "%2E%2E/hello.txt", "docs%2F..%2F..%2Fetc%2Fpasswd", "a%5C..",
                                    "hello.txt%00.png", ".%65nv"}) {
    fake_request f("GET /assets/x HTTP/1.1\r\nHost: x\r\n\r\n", wildcard);
    response res;
    fn.call_sync(f.req, res);
    EXPECT_EQ(res.status(), 404) << wildcard;
    EXPECT_EQ(res.file(), nullptr) << wildcard;
  }
}

}  // namespace
}  // namespace strata::http
