// Writers for the two text formats. Numbers are written in their shortest round-trip form
// ("0.005", "1e-07"); specials as "+Inf", "-Inf" and "NaN", the spellings both formats require.
#include <strata/metrics/exposition.hpp>

#include <charconv>
#include <cmath>

namespace strata::metrics {

namespace {

// Label values escape \, " and newline in both formats; help text escapes " only in OpenMetrics.
void write_escaped(std::string& out, std::string_view s, bool escape_quote) {
  for (char c : s) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '"' && escape_quote)
      out += "\\\"";
    else
      out += c;
  }
}

void write_number(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
  }
}

void write_number(std::string& out, std::uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// An le or quantile label value. OpenMetrics asks for canonical numbers there, so that "1" and
// "1.0" from different clients do not make different series: integral values get ".0".
std::string bound_text(double v, bool openmetrics) {
  std::string s;
  write_number(s, v);
  if (openmetrics && std::isfinite(v) && s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

struct writer {
  std::string& out;
  const family_snapshot& f;
  bool om;

  // Writes `name+suffix{label="value",...,extra="extra_value"} `, up to the value.
  void begin(std::string_view name, std::string_view suffix, const child_snapshot& c, std::string_view extra = {},
             std::string_view extra_value = {}) {
    out += name;
    out += suffix;
    if (!f.label_names.empty() || !extra.empty()) {
      out += '{';
      bool first = true;
      for (std::size_t i = 0; i < f.label_names.size() && i < c.label_values.size(); ++i) {
        if (!first) out += ',';
        first = false;
        out += f.label_names[i];
        out += "=\"";
        write_escaped(out, c.label_values[i], true);
        out += '"';
      }
      if (!extra.empty()) {
        if (!first) out += ',';
        out += extra;
        out += "=\"";
        out += extra_value;
        out += '"';
      }
      out += '}';
    }
    out += ' ';
  }

  template <class Number>
  void sample(std::string_view name, std::string_view suffix, const child_snapshot& c, Number value,
              std::string_view extra = {}, std::string_view extra_value = {}) {
    begin(name, suffix, c, extra, extra_value);
    write_number(out, value);
    out += '\n';
  }

  void family() {
    std::string_view name = f.name;
    std::string_view counter_suffix;
    if (om && f.type == metric_type::counter) {
      // OpenMetrics: the family is "x", its sample "x_total", whichever way it was registered.
      if (name.ends_with("_total")) name.remove_suffix(6);
      counter_suffix = "_total";
    }
    out += "# HELP ";
    out += name;
    out += ' ';
    write_escaped(out, f.help, om);
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type_name(f.type);
    out += '\n';
    for (const auto& c : f.children) {
      switch (f.type) {
        case metric_type::counter:
          sample(name, counter_suffix, c, c.value);
          break;
        case metric_type::gauge:
          sample(name, "", c, c.value);
          break;
        case metric_type::histogram:
          for (std::size_t i = 0; i < c.buckets.size(); ++i) {
            std::string le = i < f.bounds.size() ? bound_text(f.bounds[i], om) : "+Inf";
            sample(name, "_bucket", c, c.buckets[i], "le", le);
          }
          sample(name, "_sum", c, c.sum);
          sample(name, "_count", c, c.count);
          break;
        case metric_type::summary:
          for (std::size_t i = 0; i < c.quantiles.size() && i < f.bounds.size(); ++i)
            sample(name, "", c, c.quantiles[i], "quantile", bound_text(f.bounds[i], om));
          sample(name, "_sum", c, c.sum);
          sample(name, "_count", c, c.count);
          break;
      }
    }
  }

  static std::string_view type_name(metric_type t) {
    switch (t) {
      case metric_type::counter:
        return "counter";
      case metric_type::gauge:
        return "gauge";
      case metric_type::histogram:
        return "histogram";
      case metric_type::summary:
        return "summary";
    }
    return "untyped";
  }
};

}  // namespace

std::string_view content_type(exposition_format format) {
  return format == exposition_format::openmetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                                  : "text/plain; version=0.0.4; charset=utf-8";
}

std::string render(std::span<const family_snapshot> families, exposition_format format) {
  std::string out;
  out.reserve(4096);
  const bool om = format == exposition_format::openmetrics;
  for (const auto& f : families) writer{out, f, om}.family();
  if (om) out += "# EOF\n";
  return out;
}

}  // namespace strata::metrics
