// api/data_api.hpp — data for the JavaScript binding: CSV text as custom data
// (lab.dataFromCsv) and the datasets the wasm module loads at run time
// (lab.loadDataset). Plain C++ (no Emscripten), so the binding only binds.
#pragma once
#include <string>
#include <string_view>

#include "actlab/config.hpp"
#include "actlab/status.hpp"

namespace actlab::api {

// lab.dataFromCsv: `by` 0 = the last column, 1 = the column whose header is
// `name`, 2 = column `index` (0-based). *data receives the custom data and
// *meta_json {"inputs", "classes", "columns", "classNames", "droppedRows"}.
Status data_from_csv(std::string_view text, int by, std::string_view name, double index, DataConfig* data,
                     std::string* meta_json);

// lab.loadDataset: gives dataset `kind` (a data.kind name) its CSV text.
Status load_dataset(std::string_view kind, std::string_view text);

}  // namespace actlab::api
