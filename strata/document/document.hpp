// strata::document in one include: stores, collections, the filter and update languages.
#pragma once
#include <strata/document/error.hpp>
#include <strata/document/filter.hpp>
#include <strata/document/options.hpp>
#include <strata/document/store.hpp>
#include <strata/document/update.hpp>
