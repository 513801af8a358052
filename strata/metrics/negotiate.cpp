// Content negotiation for scrapes (RFC 9110 Accept with q values). Prometheus 2.x sends
// "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,
// text/plain;version=0.0.4;q=0.5,*/*;q=0.1" and gets OpenMetrics; curl's "*/*" gets text.
#include <strata/metrics/exposition.hpp>

#include <cctype>
#include <cstdlib>

namespace strata::metrics {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string_view unquote(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return v;
}

// One media range: which of our formats it accepts (if any) and with what q.
struct range {
  bool text = false;
  bool om = false;
  double q = 1;
};

range parse_range(std::string_view item) {
  range r;
  auto semi = item.find(';');
  std::string_view type = trim(item.substr(0, semi));
  std::string_view version;
  while (semi != std::string_view::npos) {
    item.remove_prefix(semi + 1);
    semi = item.find(';');
    std::string_view param = trim(item.substr(0, semi));
    auto eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = trim(param.substr(0, eq)), value = unquote(trim(param.substr(eq + 1)));
    if (iequals(key, "q"))
      r.q = std::strtod(std::string(value).c_str(), nullptr);
    else if (iequals(key, "version"))
      version = value;
  }
  if (iequals(type, "application/openmetrics-text"))
    r.om = version.empty() || version == "1.0.0";
  else if (iequals(type, "text/plain"))
    r.text = version.empty() || version == "0.0.4";
  else if (iequals(type, "text/*") || iequals(type, "*/*"))
    r.text = true;
  return r;
}

}  // namespace

exposition_format negotiate(std::string_view accept) {
  double best_om = 0, best_text = 0;
  while (!accept.empty()) {
    auto comma = accept.find(',');
    range r = parse_range(accept.substr(0, comma));
    if (r.om && r.q > best_om) best_om = r.q;
    if (r.text && r.q > best_text) best_text = r.q;
    if (comma == std::string_view::npos) break;
    accept.remove_prefix(comma + 1);
  }
  return best_om > 0 && best_om >= best_text ? exposition_format::openmetrics : exposition_format::prometheus;
}

}  // namespace strata::metrics
