// command_args: RESP encoding of a command's arguments.
#include <cmath>
#include <strata/redis/command.hpp>

namespace strata::redis {

command_args& command_args::arg(double v) {
  // Redis reads "inf" and "-inf" (scores); shortest round-trip form otherwise.
  if (std::isinf(v)) return arg(std::string_view(v > 0 ? "+inf" : "-inf"));
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return arg(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}

void command_args::append_bulk(std::string_view s) {
  char len[24];
  auto r = std::to_chars(len, len + sizeof len, s.size());
  body_ += '$';
  body_.append(len, r.ptr);
  body_ += "\r\n";
  body_ += s;
  body_ += "\r\n";
}

void command_args::append_to(std::string& out) const {
  char n[24];
  auto r = std::to_chars(n, n + sizeof n, count_);
  out += '*';
  out.append(n, r.ptr);
  out += "\r\n";
  out += body_;
}

std::string command_args::encoded() const {
  std::string out;
  out.reserve(body_.size() + 16);
  append_to(out);
  return out;
}

std::string_view command_args::name() const {
  // body_ starts with $len\r\nNAME\r\n
  const auto start = body_.find("\r\n");
  if (start == std::string::npos) return {};
  const auto end = body_.find("\r\n", start + 2);
  return std::string_view(body_).substr(start + 2, end - start - 2);
}

}  // namespace strata::redis
