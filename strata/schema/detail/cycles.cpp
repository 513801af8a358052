// In-place cycle detection: a depth-first walk over the edges that apply a subschema to the same
// instance ($ref, $dynamicRef's static target, allOf/anyOf/oneOf, not, if/then/else,
// dependentSchemas). Edges through properties or items consume input and cannot loop forever.
#include <strata/schema/detail/cycles.hpp>
#include <utility>
#include <vector>

namespace strata::schema::detail {

void refuse_in_place_cycles(const program& p) {
  const auto count = p.nodes.size();
  std::vector<std::uint8_t> state(count, 0);  // 0 new, 1 on the stack, 2 done
  struct frame {
    std::uint32_t node;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> next;  // (node, path of the edge)
    std::size_t at = 0;
  };
  auto edges = [&](std::uint32_t n) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
    const auto& nd = p.nodes[n];
    for (std::uint32_t i = nd.first; i < nd.first + nd.count; ++i) {
      const check& c = p.checks[i];
      switch (c.kind) {
        case op::ref:
        case op::dynamic_ref:
        case op::not_:
          out.emplace_back(c.node, c.path);
          break;
        case op::if_:
          out.emplace_back(c.node, c.path);
          if (c.node2 != no_node) out.emplace_back(c.node2, c.path);
          if (c.node3 != no_node) out.emplace_back(c.node3, c.path);
          break;
        case op::all_of:
        case op::any_of:
        case op::one_of:
          for (std::uint32_t k = 0; k < c.count; ++k) out.emplace_back(p.node_lists[c.first + k], c.path);
          break;
        case op::dependent_schemas:
          for (std::uint32_t k = 0; k < c.count; ++k) out.emplace_back(p.named[c.first + k].node, c.path);
          break;
        default:
          break;
      }
    }
    return out;
  };
  for (std::uint32_t start = 0; start < count; ++start) {
    if (state[start]) continue;
    std::vector<frame> stack;
    stack.push_back({start, edges(start)});
    state[start] = 1;
    while (!stack.empty()) {
      auto& f = stack.back();
      if (f.at == f.next.size()) {
        state[f.node] = 2;
        stack.pop_back();
        continue;
      }
      auto [to, via] = f.next[f.at++];
      if (state[to] == 1)
        throw schema_error("invalid schema: " + p.paths[via] +
                           " leads back to itself without consuming input (an infinite $ref loop)");
      if (state[to] == 0) {
        state[to] = 1;
        stack.push_back({to, edges(to)});
      }
    }
  }
}

}  // namespace strata::schema::detail
