// tfb_template: the server-side template the TechEmpower Fortunes test requires, a small subset of
// Mustache: literal text, {{field}} (HTML-escaped) and one {{#rows}}...{{/rows}} section per row.
// Parsed once at start-up, so rendering is a walk over precompiled segments.
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tfb {

// Appends s to out with & < > " ' replaced by their character references.
void append_html_escaped(std::string& out, std::string_view s);

class html_template {
public:
  // fields: the names {{...}} may use inside the section, in the order of each row's cells.
  // Throws std::invalid_argument on an unknown field, an unclosed tag or a misplaced section.
  html_template(std::string_view source, std::vector<std::string> fields);

  // cells holds rows x fields values, row after row; each is escaped as it is written.
  void render(std::string& out, std::span<const std::string_view> cells) const;

private:
  struct segment {
    enum class kind { text, field, rows_begin, rows_end } k;
    std::string text;       // kind::text
    std::size_t field = 0;  // kind::field
  };
  std::vector<segment> segments_;
  std::vector<std::string> fields_;
};

}  // namespace tfb
