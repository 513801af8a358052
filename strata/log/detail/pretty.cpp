// pino-pretty's layout: a header line with local time, level, name/pid and message, then one
// "key: value" line per remaining member, objects indented.
#include <strata/log/detail/json_writer.hpp>
#include <strata/log/detail/pretty.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <ctime>
#include <system_error>

namespace strata::log::detail {

namespace {

struct level_style {
  const char* label;
  const char* color;
};

level_style style_of(std::int64_t level) {
  if (level >= 60) return {"FATAL", "\x1b[41m"};
  if (level >= 50) return {"ERROR", "\x1b[31m"};
  if (level >= 40) return {"WARN", "\x1b[33m"};
  if (level >= 30) return {"INFO", "\x1b[32m"};
  if (level >= 20) return {"DEBUG", "\x1b[34m"};
  return {"TRACE", "\x1b[90m"};
}

constexpr const char* reset = "\x1b[39m\x1b[49m";
constexpr const char* message_color = "\x1b[36m";

void append_time(std::string& out, std::int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::localtime_r(&secs, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "[%02d:%02d:%02d.%03d]", tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  out += buf;
}

void append_indented(std::string& out, const boost::json::value& v, int indent) {
  std::string pad(static_cast<std::size_t>(indent), ' ');
  if (const auto* o = v.if_object(); o && !o->empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& m : *o) {
      if (!first) out += ",\n";
      first = false;
      out += pad;
      out += "  ";
      append_json_string(out, m.key());
      out += ": ";
      append_indented(out, m.value(), indent + 2);
    }
    out += '\n';
    out += pad;
    out += '}';
  } else if (const auto* a = v.if_array(); a && !a->empty()) {
    out += "[\n";
    bool first = true;
    for (const auto& e : *a) {
      if (!first) out += ",\n";
      first = false;
      out += pad;
      out += "  ";
      append_indented(out, e, indent + 2);
    }
    out += '\n';
    out += pad;
    out += ']';
  } else {
    json_writer(out).value(v);
  }
}

}  // namespace

void append_pretty(std::string& out, std::string_view line, bool color) {
  std::error_code ec;
  auto parsed = boost::json::parse(line, ec);
  if (ec || !parsed.is_object()) {
    out += line;
    return;
  }
  const auto& o = parsed.get_object();
  auto integer = [&](std::string_view key) -> std::int64_t {
    const auto* v = o.if_contains(key);
    if (!v) return 0;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->get_uint64());
    if (v->is_double()) return static_cast<std::int64_t>(v->get_double());
    return 0;
  };

  append_time(out, integer("time"));
  auto style = style_of(integer("level"));
  out += ' ';
  if (color) out += style.color;
  out += style.label;
  if (color) out += reset;
  out += " (";
  if (const auto* name = o.if_contains("name"); name && name->is_string()) {
    out += name->get_string();
    out += '/';
  }
  out += std::to_string(integer("pid"));
  out += "):";
  if (const auto* msg = o.if_contains("msg"); msg && msg->is_string()) {
    out += ' ';
    if (color) out += message_color;
    out += msg->get_string();
    if (color) out += reset;
  }
  out += '\n';
  for (const auto& m : o) {
    auto k = m.key();
    if (k == "level" || k == "time" || k == "pid" || k == "hostname" || k == "name" || k == "msg") continue;
    out += "    ";
    out += k;
    out += ": ";
    append_indented(out, m.value(), 4);
    out += '\n';
  }
}

}  // namespace strata::log::detail
