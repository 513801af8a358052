// Test helpers: scraping a server's /metrics and finding sample values in the text.
#pragma once
#include <strata/http/testing/raw_client.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace strata::metrics::testing {

// The value of the sample line that starts with `series` ("name{labels}" or "name"), or nullopt.
inline std::optional<double> sample_value(std::string_view text, std::string_view series) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (line.starts_with(series) && line.size() > series.size() && line[series.size()] == ' ')
      return std::strtod(std::string(line.substr(series.size() + 1)).c_str(), nullptr);
    pos = end + 1;
  }
  return std::nullopt;
}

// GET /metrics (with an Accept header when given).
inline std::optional<http::testing::raw_response> scrape(std::uint16_t port, std::string_view accept = {},
                                                         std::string_view path = "/metrics") {
  std::string headers = accept.empty() ? std::string() : "Accept: " + std::string(accept) + "\r\n";
  return http::testing::fetch(port, http::testing::get_request(path, headers));
}

// Scrapes until `done(body)` holds or two seconds pass; the last body. on_response hooks run
// as the response is queued, so a count can trail the client's view of the response slightly.
inline std::string scrape_until(std::uint16_t port, const std::function<bool(const std::string&)>& done) {
  std::string body;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (;;) {
    if (auto r = scrape(port)) body = r->body;
    if (done(body) || std::chrono::steady_clock::now() > deadline) return body;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace strata::metrics::testing
