// tfb_template: parsing the Mustache subset once and rendering it (see tfb_template.hpp).
#include "tfb_template.hpp"

#include <algorithm>
#include <stdexcept>

namespace tfb {

void append_html_escaped(std::string& out, std::string_view s) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::string_view ref;
    switch (s[i]) {
      case '&': ref = "&amp;"; break;
      case '<': ref = "&lt;"; break;
      case '>': ref = "&gt;"; break;
      case '"': ref = "&quot;"; break;
      case '\'': ref = "&#39;"; break;
      default: continue;
    }
    out.append(s.substr(start, i - start));
    out.append(ref);
    start = i + 1;
  }
  out.append(s.substr(start));
}

html_template::html_template(std::string_view source, std::vector<std::string> fields) : fields_(std::move(fields)) {
  int depth = 0, sections = 0;
  std::size_t pos = 0;
  while (pos < source.size()) {
    std::size_t open = source.find("{{", pos);
    if (open == source.npos) open = source.size();
    if (open > pos) segments_.push_back({segment::kind::text, std::string(source.substr(pos, open - pos))});
    if (open == source.size()) break;
    std::size_t close = source.find("}}", open + 2);
    if (close == source.npos) throw std::invalid_argument("template: unclosed {{");
    std::string_view tag = source.substr(open + 2, close - open - 2);
    pos = close + 2;
    if (tag == "#rows") {
      if (depth++ || sections++) throw std::invalid_argument("template: only one {{#rows}} section is supported");
      segments_.push_back({segment::kind::rows_begin, {}});
    } else if (tag == "/rows") {
      if (--depth) throw std::invalid_argument("template: {{/rows}} without {{#rows}}");
      segments_.push_back({segment::kind::rows_end, {}});
    } else {
      auto it = std::find(fields_.begin(), fields_.end(), tag);
      if (it == fields_.end()) throw std::invalid_argument("template: unknown field {{" + std::string(tag) + "}}");
      if (!depth) throw std::invalid_argument("template: {{" + std::string(tag) + "}} outside {{#rows}}");
      segments_.push_back({segment::kind::field, {}, static_cast<std::size_t>(it - fields_.begin())});
    }
  }
  if (depth) throw std::invalid_argument("template: {{#rows}} is not closed");
}

void html_template::render(std::string& out, std::span<const std::string_view> cells) const {
  const std::size_t width = fields_.empty() ? 1 : fields_.size();
  const std::size_t rows = cells.size() / width;
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const segment& s = segments_[i];
    if (s.k == segment::kind::text) {
      out.append(s.text);
    } else if (s.k == segment::kind::rows_begin) {
      const std::size_t begin = i + 1;
      std::size_t end = begin;
      while (segments_[end].k != segment::kind::rows_end) ++end;
      for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t j = begin; j < end; ++j) {
          if (segments_[j].k == segment::kind::text) out.append(segments_[j].text);
          else append_html_escaped(out, cells[r * width + segments_[j].field]);
        }
      }
      i = end;  // the loop's ++i steps past {{/rows}}
    }
  }
}

}  // namespace tfb
