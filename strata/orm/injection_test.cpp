// Hostile input never becomes SQL text: values are parameters wherever they go, and identifiers
// are only ever the model's own names.
#include <strata/orm/testing/models.hpp>

#include <gtest/gtest.h>

#include <set>

namespace strata::orm {
namespace {

using namespace testing;
using sql::dialect;

const std::vector<std::string> attacks = {
    "'; DROP TABLE users; --", "\" OR 1=1 --", "a' OR 'a'='a", "$1", "\\'; SELECT pg_sleep(10); --", "%' OR '1'='1",
};

// Every double-quoted identifier in a statement ("" inside one is an escaped quote).
std::set<std::string> identifiers(const std::string& sql) {
  std::set<std::string> out;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] != '"') continue;
    std::string name;
    for (++i; i < sql.size(); ++i) {
      if (sql[i] == '"' && i + 1 < sql.size() && sql[i + 1] == '"') {
        name += '"';
        ++i;
      } else if (sql[i] == '"') {
        break;
      } else {
        name += sql[i];
      }
    }
    out.insert(name);
  }
  return out;
}

std::set<std::string> allowed() {
  std::set<std::string> out;
  for (const auto* m : {&model<user>(), &model<post>(), &model<tag>(), &model<post_tag>()}) {
    out.insert(m->table);
    out.insert(m->columns.begin(), m->columns.end());
  }
  out.insert("strata_owner_key");
  return out;
}

void expect_safe(const sql::statement& st, const std::string& attack) {
  if (attack != "$1") {  // "$1" is also a real placeholder
    EXPECT_EQ(st.sql.find(attack), std::string::npos) << st.sql;
  }
  bool passed_as_value = false;
  for (const auto& p : st.params) {
    if (auto* s = std::get_if<std::string>(&p)) passed_as_value = passed_as_value || s->find(attack) != std::string::npos;
    if (auto* v = std::get_if<std::vector<std::string>>(&p)) passed_as_value = passed_as_value || !v->empty();
  }
  EXPECT_TRUE(passed_as_value) << "the input went missing: " << st.sql;
  EXPECT_EQ(st.sql.find("DROP"), std::string::npos) << st.sql;
  EXPECT_EQ(st.sql.find('\''), st.sql.find("'\\'")) << "the only quote is the ESCAPE clause: " << st.sql;
  auto ok = allowed();
  for (const auto& id : identifiers(st.sql)) EXPECT_TRUE(ok.contains(id)) << "identifier not from a model: " << id;
}

TEST(orm_injection, values_stay_parameters_in_every_position) {
  for (const auto& a : attacks) {
    for (auto d : {dialect::sqlite, dialect::postgres}) {
      auto q = query<user>()
                   .where(col(&user::email) == a || col(&user::name).like("%" + escape_like(a) + "%") ||
                          col(&user::bio).ilike(a) || col(&user::name).in({a, a + "x"}) || col(&user::email).between(a, a))
                   .order_by(col(&user::id))
                   .after(a);
      auto st = q.to_sql(d);
      expect_safe(st, a);
      EXPECT_GE(st.params.size(), 6u);

      user u;
      u.email = a;
      u.name = a;
      u.bio = a;
      expect_safe(detail::render(build::insert<user>({u}), d), a);
      expect_safe(detail::render(build::upsert<user>(u, {field_index(&user::email)}), d), a);
      expect_safe(detail::render(build::update<user>(u), d), a);
      expect_safe(detail::render(build::update_where<user>(col(&user::name) == a, {set(&user::bio, a)}, now()), d), a);
      expect_safe(detail::render(build::soft_remove<user>(build::by_key<user>(a), now()), d), a);
      expect_safe(detail::render(post_tags.spec_for({sql::param(a)}), d), a);
    }
  }
}

TEST(orm_injection, run_time_sort_fields_are_checked_against_the_model) {
  for (const auto& a : attacks) EXPECT_THROW(query<user>().order_by_field(a), std::invalid_argument);
  EXPECT_THROW(query<user>().order_by_field("email DESC"), std::invalid_argument);
  EXPECT_NO_THROW(query<user>().order_by_field("email"));
}

TEST(orm_injection, identifiers_are_quoted_even_if_a_model_names_them_badly) {
  EXPECT_EQ(detail::quote_identifier(R"(we"ird)"), R"("we""ird")");
}

}  // namespace
}  // namespace strata::orm
