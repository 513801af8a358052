// Response head serialization. Status lines are built once; everything else is appended to the
// connection's reused output buffer, so a response head costs no allocation.
#include <strata/http/detail/serialize.hpp>
#include <strata/http/error.hpp>
#include <strata/http/parser.hpp>

#include <array>
#include <ctime>

namespace strata::http::detail {
namespace {

struct status_lines {
  std::array<std::string, 600> lines;
  status_lines() {
    for (int s = 100; s < 600; ++s)
      lines[static_cast<std::size_t>(s)] = "HTTP/1.1 " + std::to_string(s) + " " + std::string(reason_phrase(s)) + "\r\n";
  }
};

std::string_view status_line(int status) {
  static const status_lines table;
  if (status < 100 || status > 599) status = 500;
  return table.lines[static_cast<std::size_t>(status)];
}

bool framing_header(std::string_view name) {
  return iequals(name, "content-length") || iequals(name, "transfer-encoding") || iequals(name, "connection");
}

}  // namespace

void append_decimal(std::string& out, std::uint64_t n) {
  char tmp[20];
  int i = 20;
  do {
    tmp[--i] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n);
  out.append(tmp + i, static_cast<std::size_t>(20 - i));
}

void append_hex(std::string& out, std::uint64_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  char tmp[16];
  int i = 16;
  do {
    tmp[--i] = digits[n & 15];
    n >>= 4;
  } while (n);
  out.append(tmp + i, static_cast<std::size_t>(16 - i));
}

void serialize_head(std::string& out, const response& res, const head_info& info) {
  out.append(status_line(res.status()));
  if (!info.server.empty()) out.append("Server: ").append(info.server).append("\r\n");
  out.append("Date: ").append(info.date).append("\r\n");
  for (const auto& [name, value] : res.headers()) {
    if (framing_header(name)) continue;
    out.append(name).append(": ").append(value).append("\r\n");
  }
  if (status_has_body(res.status())) {
    if (info.body == framing::length) {
      out.append("Content-Length: ");
      append_decimal(out, info.content_length);
      out.append("\r\n");
    } else if (info.body == framing::chunked) {
      out.append("Transfer-Encoding: chunked\r\n");
    }
  }
  if (info.close) out.append("Connection: close\r\n");
  else if (info.keep_alive_10) out.append("Connection: keep-alive\r\n");
  out.append("\r\n");
}

void format_http_date(std::int64_t unix_seconds, char* out) {
  static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  auto two = [](char* p, int v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
  };
  const char* d = days[tm.tm_wday];
  const char* m = months[tm.tm_mon];
  int year = tm.tm_year + 1900;
  out[0] = d[0], out[1] = d[1], out[2] = d[2], out[3] = ',', out[4] = ' ';
  two(out + 5, tm.tm_mday);
  out[7] = ' ', out[8] = m[0], out[9] = m[1], out[10] = m[2], out[11] = ' ';
  two(out + 12, year / 100);
  two(out + 14, year % 100);
  out[16] = ' ';
  two(out + 17, tm.tm_hour);
  out[19] = ':';
  two(out + 20, tm.tm_min);
  out[22] = ':';
  two(out + 23, tm.tm_sec);
  out[25] = ' ', out[26] = 'G', out[27] = 'M', out[28] = 'T';
}

}  // namespace strata::http::detail
