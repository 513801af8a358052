// strata::orm in one include: models (model.hpp), typed conditions (column.hpp), queries
// (query.hpp), repositories (repo.hpp) and relations (relation.hpp).
#pragma once
#include <strata/orm/column.hpp>
#include <strata/orm/condition.hpp>
#include <strata/orm/crud.hpp>
#include <strata/orm/errors.hpp>
#include <strata/orm/mapping.hpp>
#include <strata/orm/model.hpp>
#include <strata/orm/query.hpp>
#include <strata/orm/relation.hpp>
#include <strata/orm/repo.hpp>
